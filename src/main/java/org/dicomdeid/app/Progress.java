package org.dicomdeid.app;

import java.io.PrintStream;

/** A one-line progress bar, drawn only when a person watches (a terminal). */
final class Progress {
    private static final int WIDTH = 40;
    private final PrintStream out;
    private final int total;
    private int done;
    private long lastDraw;

    Progress(PrintStream out, int total) {
        this.out = System.console() != null ? out : null;
        this.total = total;
    }

    synchronized void step() {
        done++;
        long now = System.nanoTime();
        if (out != null && (now - lastDraw > 100_000_000L || done == total)) {
            lastDraw = now;
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
            out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }

    synchronized void done() {
        if (out != null && total > 0) {
            out.println();
        }
    }
}
