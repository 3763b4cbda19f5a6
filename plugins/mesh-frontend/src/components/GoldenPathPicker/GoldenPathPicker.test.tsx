import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { GoldenPathPreset } from '@meshpath/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshApi, meshApiRef } from '../../api';
import { GoldenPathPicker, validateGoldenPath } from './GoldenPathPicker';

// As GET /golden-paths serves them; `paved` stands for a preset a platform
// engineer added to app-config.yaml after the templates were written.
const presets: GoldenPathPreset[] = [
  {
    name: 'tier-1',
    description: 'Customer-facing, revenue-critical services',
    locks: [
      { field: 'delivery.strategy', rule: 'equal', value: 'canary' },
      { field: 'trafficPolicy.timeout', rule: 'max', value: '3s' },
      {
        field: 'delivery.stepWeight',
        rule: 'max',
        value: 10,
        impliedBy: 'delivery.strategy',
      },
      { field: 'exposure.jwt', rule: 'equal' },
    ],
    defaults: {
      delivery: { strategy: 'canary' },
      trafficPolicy: { timeout: '3s', retries: { attempts: 2 } },
      versions: ['v1', 'v2'],
    },
  },
  { name: 'paved', locks: [], defaults: {} },
];

async function renderPicker(
  meshApi: Partial<MeshApi>,
  props: { formData?: string; rawErrors?: string[] } = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, meshApi]]}>
      <GoldenPathPicker
        {...({
          onChange,
          formData: props.formData,
          rawErrors: props.rawErrors,
          required: true,
          schema: { title: 'Golden path', type: 'string' },
          uiSchema: {},
          idSchema: { $id: 'root_goldenPath' },
        } as any)}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('GoldenPathPicker', () => {
  it('lists every preset the backend serves, a new one included, and picks by name', async () => {
    const onChange = await renderPicker({
      getGoldenPaths: async () => presets,
    });
    const group = await screen.findByRole('radiogroup', {
      name: 'Golden path',
    });
    const options = within(group).getAllByRole('radio');
    expect(options.map(o => (o as HTMLInputElement).value)).toEqual([
      'tier-1',
      'paved',
    ]);
    expect(
      screen.getByText('Customer-facing, revenue-critical services'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /paved/ }));
    expect(onChange).toHaveBeenCalledWith('paved');
  });

  it("shows the chosen preset's locks, implied ones included, and its defaults read-only", async () => {
    await renderPicker(
      { getGoldenPaths: async () => presets },
      { formData: 'tier-1' },
    );
    const locks = await screen.findByRole('list', {
      name: 'Locked: you may only strengthen these',
    });
    expect(
      within(locks)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'delivery.strategy exactly canary',
      'trafficPolicy.timeout at most 3s',
      'delivery.stepWeight at most 10 (with delivery.strategy)',
      'exposure.jwt exactly not set',
    ]);
    const defaults = screen.getByRole('list', { name: 'Defaults' });
    expect(
      within(defaults)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'delivery.strategy: canary',
      'trafficPolicy.timeout: 3s',
      'trafficPolicy.retries.attempts: 2',
      'versions: v1, v2',
    ]);
    // Read-only: the defaults are text, not inputs.
    expect(within(defaults).queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('radio', { name: /tier-1/ })).toBeChecked();
  });

  it('says when a preset locks nothing and has no defaults', async () => {
    await renderPicker(
      { getGoldenPaths: async () => presets },
      { formData: 'paved' },
    );
    expect(
      await screen.findByText('Nothing locked: every default may be changed.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No defaults beyond the built-in ones.'),
    ).toBeInTheDocument();
  });

  it('flags a value the backend does not serve', async () => {
    await renderPicker(
      { getGoldenPaths: async () => presets },
      { formData: 'tier-0' },
    );
    expect(
      await screen.findByText(
        'tier-0 is not a golden path the platform offers.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('golden-path-details')).toBeNull();
  });

  it('says when the platform defines no golden path', async () => {
    await renderPicker({ getGoldenPaths: async () => [] });
    expect(
      await screen.findByText(
        'The platform team has not defined any golden path (mesh.goldenPaths).',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's error when the presets cannot be read", async () => {
    await renderPicker({
      getGoldenPaths: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'AuthenticationError', message: 'no token' },
            }),
            { status: 401, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      },
    });
    expect((await screen.findAllByText(/no token/)).length).toBeGreaterThan(0);
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });
});

describe('validateGoldenPath', () => {
  const apiHolder = {
    get: (ref: { id: string }) =>
      ref.id === meshApiRef.id
        ? ({ getGoldenPaths: async () => presets } as any)
        : undefined,
  };
  const validate = async (value: string) => {
    const errors: string[] = [];
    await validateGoldenPath(
      value,
      { addError: (message: string) => errors.push(message) } as any,
      { apiHolder, formData: {}, schema: {} } as any,
    );
    return errors;
  };

  it('accepts a served preset and refuses any other name', async () => {
    expect(await validate('paved')).toEqual([]);
    expect(await validate('tier-0')).toEqual([
      'tier-0 is not a golden path the platform offers',
    ]);
  });
});
