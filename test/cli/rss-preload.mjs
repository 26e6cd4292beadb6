// Preloaded into a command-line process by the hostile-input test: on exit, write the process's peak
// memory (max RSS, in KiB) to the file SEGMENT_RSS_FILE names.
import { writeFileSync } from "node:fs";
process.on("exit", () => {
  if (process.env.SEGMENT_RSS_FILE) writeFileSync(process.env.SEGMENT_RSS_FILE, String(process.resourceUsage().maxRSS));
});
