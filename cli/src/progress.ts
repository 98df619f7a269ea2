/**
 * Progress on stderr, so stdout stays clean for reporters: a live line on a terminal, a plain line
 * at every tenth of the work when stderr is a file or a CI log.
 */
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

/** A progress display for `stream` (process.stderr by default). */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      if (stream.isTTY) {
        const width = 30;
        const filled = total ? Math.round((done / total) * width) : width;
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        drawn = true;
        return;
      }
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
