/**
 * `npm run bench -- <name>`: runs bench/<name>.ts, whose default export prints its figures and ends with
 * one `bench <name>: key=value …` line. Results of the last runs are written down in bench/README.md.
 */
const benchName = process.argv[2];
const known = ['scan', 'links', 'rules', 'store', 'server', 'sweep', 'overlay'];
if (!benchName || !known.includes(benchName)) {
  console.error(`usage: npm run bench -- <${known.join('|')}>`);
  process.exit(2);
}
const mod = (await import(`./${benchName}.ts`)) as { default: (args: string[]) => Promise<void> };
await mod.default(process.argv.slice(3));
export {};
