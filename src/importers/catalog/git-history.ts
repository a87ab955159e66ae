import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { ImportError } from "../import-error.js";
import { decodeUtf8 } from "../text-input.js";
import { parseCatalog, type CatalogEntity } from "./backstage-reader.js";

/** The catalog files read when no `--path` is given: every `catalog-info.yaml`. */
export const DEFAULT_CATALOG_GLOB = "**/catalog-info.yaml";

/** The catalog as one commit had it. */
export interface CatalogCommit {
  /** The commit's date (committer date, epoch ms). */
  asOf: number;
  commit: string;
  entities: CatalogEntity[];
}

// A catalog file larger than this in one commit is not a catalog.
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads every commit that touched the catalog files of a git repository, oldest first,
 * and the whole catalog (every file matching `pathGlob`) as it stood at each one.
 * Errors name the file and the commit: `catalog-info.yaml@3f2a9c1 document 2, line 9: …`.
 */
export function readCatalogHistory(repo: string, pathGlob: string = DEFAULT_CATALOG_GLOB): CatalogCommit[] {
  try {
    if (!statSync(repo).isDirectory()) throw new ImportError(`${repo}: not a folder`);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${repo}: no such folder`);
  }
  const pathspec = `:(glob)${pathGlob}`;
  // `git ls-tree` takes no glob pathspec: the same glob is matched here.
  const matcher = globPattern(pathGlob);
  const log = git(repo, ["log", "--reverse", "--format=%H %ct", "--", pathspec]);
  const commits: CatalogCommit[] = [];
  for (const line of log.split("\n")) {
    const [commit, seconds] = line.trim().split(" ");
    if (!commit || !seconds) continue;
    const files = git(repo, ["ls-tree", "-r", "-z", "--name-only", commit])
      .split("\0")
      .filter((f) => f !== "" && matcher.test(f))
      .sort();
    const entities = files.flatMap((file) => {
      const place = `${file}@${commit.slice(0, 7)}`;
      return parseCatalog(decodeUtf8(gitBytes(repo, ["show", `${commit}:${file}`]), place), place);
    });
    commits.push({ asOf: Number(seconds) * 1000, commit, entities });
  }
  if (commits.length === 0) throw new ImportError(`${repo}: found nothing to import (no commit touches ${pathGlob})`);
  return commits;
}

function git(repo: string, args: string[]): string {
  return gitBytes(repo, args).toString("utf8");
}

function gitBytes(repo: string, args: string[]): Buffer {
  try {
    return execFileSync("git", ["-C", repo, ...args], { maxBuffer: MAX_FILE_BYTES, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") throw new ImportError("git is not installed (needed for --git)");
    const reason = String(failure.stderr ?? "").trim().split("\n")[0] || failure.message;
    throw new ImportError(`${repo}: git ${args[0]} failed: ${reason}`);
  }
}

/**
 * A git glob (`:(glob)` pathspec) as a regular expression: a leading or inner `**` and
 * slash match any folders or none, a trailing slash and `**` anything below, `*` and
 * `?` stay within one path segment.
 */
export function globPattern(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (glob.startsWith("**/", i)) {
      pattern += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("/**", i) && i + 3 === glob.length) {
      pattern += "/.*";
      i += 2;
    } else if (char === "*") pattern += "[^/]*";
    else if (char === "?") pattern += "[^/]";
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${pattern}$`);
}
