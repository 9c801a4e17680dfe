/** What PostgREST answers for each row, computed from the state at answer time (internal fields dropped). */
import type { ConnectorTag } from './connectors';
import type { LiveSpecRecord, PublicationRecord } from './state';

export const publicationView = ({ polls: _polls, ...p }: PublicationRecord) => p;

/** `live_specs_ext`: the live spec with the columns flowctl selects. */
export const liveSpecView = (l: LiveSpecRecord) => ({ ...l });

/** `connectors?select=connector_tags(endpoint_spec_schema)`: one connector with its matching tags embedded. */
export const connectorView = (image: string, tags: ConnectorTag[]) => ({
  image_name: image,
  connector_tags: tags.map((t) => ({ image_tag: t.imageTag, protocol: t.protocol, endpoint_spec_schema: t.endpointSpecSchema })),
});
