import { ipInBlock } from './ip';

describe('ipInBlock', () => {
  it('matches IPv4 blocks and single addresses', () => {
    expect(ipInBlock('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInBlock('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInBlock('192.168.1.5', '192.168.1.5')).toBe(true);
    expect(ipInBlock('192.168.1.6', '192.168.1.5')).toBe(false);
    expect(ipInBlock('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });

  it('matches IPv6 blocks, and never mixes families', () => {
    expect(ipInBlock('fd00::1', 'fd00::/8')).toBe(true);
    expect(ipInBlock('2001:db8::1', 'fd00::/8')).toBe(false);
    expect(ipInBlock('10.0.0.1', 'fd00::/8')).toBe(false);
  });

  it('gives undefined for what does not parse', () => {
    expect(ipInBlock('not-an-ip', '10.0.0.0/8')).toBeUndefined();
    expect(ipInBlock('10.0.0.1', '10.0.0.0/33')).toBeUndefined();
    expect(ipInBlock('300.0.0.1', '10.0.0.0/8')).toBeUndefined();
  });
});
