// The GraphQL-over-HTTP spec's server audits (graphql-http's serverAudits) against one URL,
// with an API key as the bearer header: prints one JSON line per audit (id, name, status,
// reason). Usage: HIPPOGRAPH_AUDIT_URL=… HIPPOGRAPH_AUDIT_KEY=… node audit.mjs
import { serverAudits } from "graphql-http";

const url = process.env.HIPPOGRAPH_AUDIT_URL;
const key = process.env.HIPPOGRAPH_AUDIT_KEY;
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};

for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  const reason = result.status === "ok" ? null : result.reason;
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason }));
}
