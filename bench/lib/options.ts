import { parseArgs } from "node:util";

export type BenchDialect = "sqlite" | "mysql";

export interface Scale {
  name: string;
  products: number;
  customers: number;
  bills: number;
  /** Days of history the bills are spread over, ending today. */
  days: number;
}

export const SCALES: Record<string, Scale> = {
  full: { name: "full", products: 1_000_000, customers: 100_000, bills: 1_000_000, days: 730 },
  medium: { name: "medium", products: 200_000, customers: 20_000, bills: 200_000, days: 730 },
  small: { name: "small", products: 20_000, customers: 2_000, bills: 20_000, days: 730 },
  tiny: { name: "tiny", products: 300, customers: 60, bills: 400, days: 120 },
};

export interface BenchOptions {
  dialect: BenchDialect;
  scale: Scale;
  seed: number;
  scenarios: string[] | null;
  /** Seconds each load test runs. */
  duration: number;
  regenerate: boolean;
  /** Start the server with --cpu-prof (profiles in bench/results/profiles/). */
  profile: boolean;
  /** Write the JSON to bench/results/ (committed) instead of bench/results/runs/ (ignored). */
  save: boolean;
  mysqlUrl: string | undefined;
}

const HELP = `npm run bench -- [options]
  --dialect sqlite|mysql   database (mysql uses MYSQL_URL and creates its own bench database)
  --scale full|medium|small|tiny   data set size (full = 1M products, 100k customers, 1M bills)
  --scenarios a,b,c        only these scenarios (default: all)
  --seed N                 generator seed (default 42)
  --duration S             seconds per load test (default 10)
  --regenerate             rebuild the data set even when a matching one exists
  --profile                run the server under --cpu-prof (bench/results/profiles/, ignored by git)
  --save                   write the JSON to bench/results/ to commit it
                           (default: bench/results/runs/, ignored by git)`;

/** Parses the command line; the bench is a tool, so it reads MYSQL_URL here. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      dialect: { type: "string", default: "sqlite" },
      scale: { type: "string", default: "full" },
      scenarios: { type: "string" },
      seed: { type: "string", default: "42" },
      duration: { type: "string", default: "10" },
      regenerate: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      save: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const dialect = values.dialect as BenchDialect;
  if (dialect !== "sqlite" && dialect !== "mysql") throw new Error(`unknown dialect ${dialect}`);
  const scale = SCALES[values.scale as string];
  if (!scale) throw new Error(`unknown scale ${values.scale} (${Object.keys(SCALES).join(", ")})`);
  if (dialect === "mysql" && !env.MYSQL_URL) throw new Error("--dialect mysql needs MYSQL_URL");
  return {
    dialect,
    scale,
    seed: Number(values.seed),
    scenarios: values.scenarios ? values.scenarios.split(",").map((s) => s.trim()) : null,
    duration: Number(values.duration),
    regenerate: values.regenerate as boolean,
    profile: values.profile as boolean,
    save: values.save as boolean,
    mysqlUrl: env.MYSQL_URL,
  };
}
