import { deprecatedApiVersion } from '../schema/apiVersions';
import type { CheckContext } from './context';

/** MP0103: objects of a served but deprecated API version; they are checked like the version to move to. */
export function checkDeprecatedApiVersions(context: CheckContext) {
  for (const object of context.index.objects) {
    const deprecation = deprecatedApiVersion(
      object.object.apiVersion,
      object.object.kind,
    );
    if (deprecation)
      context.report.report(
        'MP0103',
        `${deprecation.apiVersion} ${deprecation.kind} is deprecated: move to ${deprecation.moveTo}`,
        object,
      );
  }
}
