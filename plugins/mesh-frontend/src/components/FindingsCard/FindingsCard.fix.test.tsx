import { renderInTestApp } from '@backstage/test-utils';
import { EvaluatedFinding } from '@meshpath/plugin-mesh-common';
import { screen } from '@testing-library/react';
import { FindingsCard } from './FindingsCard';

const finding = (code: string, waiverId?: string): EvaluatedFinding => ({
  code,
  severity: 'warning',
  message: `${code} found`,
  references: {},
  controls: [],
  remediation: 'Fix it',
  ...(waiverId ? { waiverId } : {}),
});

const formDataOf = (href: string | null) =>
  JSON.parse(
    new URL(href!, 'http://portal.test').searchParams.get('formData')!,
  );

describe('FindingsCard fix with a pull request', () => {
  it('links each open fixable finding to the remediation template with the service and its code filled', async () => {
    await renderInTestApp(
      <FindingsCard
        entityRef="component:default/search"
        findings={[
          finding('MP2006'),
          finding('MP2005'),
          finding('MP2001', 'waiver-1'),
          finding('MP1101'),
        ]}
      />,
    );
    const link = screen.getByRole('link', {
      name: 'Fix with a pull request MP2006',
    });
    expect(link.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/mesh-remediate\?formData=/,
    );
    expect(formDataOf(link.getAttribute('href'))).toEqual({
      entityRef: 'component:default/search',
      codes: ['MP2006'],
    });
    // MP1101 is not fixable by the template; a waived finding needs no fix.
    expect(
      screen.queryByRole('link', { name: 'Fix with a pull request MP1101' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Fix with a pull request MP2001' }),
    ).not.toBeInTheDocument();
    // Every open fixable code in one pull request.
    const all = screen
      .getByText('Fix 2 kinds of findings with a pull request')
      .closest('a')!;
    expect(formDataOf(all.getAttribute('href'))).toEqual({
      entityRef: 'component:default/search',
      codes: ['MP2005', 'MP2006'],
    });
  });

  it('offers no fix without the service', async () => {
    await renderInTestApp(<FindingsCard findings={[finding('MP2006')]} />);
    expect(
      screen.queryByRole('link', { name: /Fix with a pull request/ }),
    ).not.toBeInTheDocument();
  });
});
