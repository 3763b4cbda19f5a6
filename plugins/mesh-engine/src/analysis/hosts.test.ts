import {
  hostMatches,
  hostsOverlap,
  resolveHost,
  serviceKeyOfHost,
} from './hosts';

describe('host resolution', () => {
  it('resolves short names in the naming object namespace', () => {
    expect(resolveHost('reviews', 'bookinfo')).toBe(
      'reviews.bookinfo.svc.cluster.local',
    );
    expect(resolveHost('reviews.other', 'bookinfo')).toBe(
      'reviews.other.svc.cluster.local',
    );
    expect(resolveHost('reviews.other.svc.cluster.local', 'bookinfo')).toBe(
      'reviews.other.svc.cluster.local',
    );
    expect(resolveHost('api.example.com', 'bookinfo')).toBe('api.example.com');
    expect(resolveHost('*.example.com', 'bookinfo')).toBe('*.example.com');
  });

  it('matches wildcards', () => {
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*', 'anything')).toBe(true);
    expect(hostsOverlap('a.example.com', '*.example.com')).toBe(true);
    expect(hostsOverlap('a.example.com', 'b.example.com')).toBe(false);
  });

  it('finds the Service a cluster-local host names', () => {
    expect(serviceKeyOfHost('reviews.bookinfo.svc.cluster.local')).toBe(
      'bookinfo/reviews',
    );
    expect(serviceKeyOfHost('api.example.com')).toBeUndefined();
  });
});
