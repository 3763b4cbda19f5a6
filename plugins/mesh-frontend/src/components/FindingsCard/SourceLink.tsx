import { Link } from '@backstage/core-components';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { SourceLocation } from '@meshpath/plugin-mesh-common';
import { sourceUrl } from './sourceUrl';

/** `file:line`, linked to the file in Git when the entity says where it is. */
export const SourceLink = ({ source }: { source: SourceLocation }) => {
  const { entity } = useAsyncEntity();
  const text = `${source.file}:${source.line}`;
  const url = sourceUrl(entity, source);
  return url ? <Link to={url}>{text}</Link> : <>{text}</>;
};
