// Uses the TypeScript client generated from the OpenAPI document (./client), unchanged: the
// compiler checks the calls against the generated types, node runs them against a live server.
// Prints what it found as JSON for the test to check.
import { client } from './client/client.gen';
import { getEntry, listChanges, listEntries, listEvidenceLevels, listTaxonomies } from './client';

declare const process: { argv: string[]; exitCode?: number };

async function main(): Promise<void> {
  client.setConfig({ baseUrl: process.argv[2] });
  const found: Record<string, unknown> = {};
  const defaults = await listEntries({ throwOnError: true });
  found.default = { count: defaults.data.count, languages: defaults.data.results.map((e) => e.lang) };
  const changes = await listChanges({ throwOnError: true });
  found.changes = changes.data.events.length;
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const list = await listEntries({ query: { lang, limit: 5 }, throwOnError: true });
    const first = list.data.results[0];
    const entry = await getEntry({ path: { entry: first.id }, query: { lang }, throwOnError: true });
    const taxonomies = await listTaxonomies({ query: { lang }, throwOnError: true });
    const levels = await listEvidenceLevels({ query: { lang }, throwOnError: true });
    const feed = await listChanges({ query: { lang, limit: 1000 }, throwOnError: true });
    found[lang] = {
      results: list.data.results.length,
      lang: first.lang,
      url: first.url,
      sameTitle: entry.data.title === first.title,
      facets: taxonomies.data.facets.length,
      levels: levels.data.levels.length,
      feedLanguages: Array.from(new Set(feed.data.events.map((event) => event.lang))),
    };
  }
  const missing = await getEntry({ path: { entry: 'no-such-entry' } });
  found.missing = { status: missing.response.status, error: missing.error?.error };
  console.log(JSON.stringify(found));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
