package dev.replicategateway.simulator;

import java.util.Locale;

/** A job's logs as Cog prints them: the seed (or training preparation), then tqdm progress lines. */
final class JobLogs {

    private JobLogs() {}

    /** @param done steps done so far, -1 before the start */
    static String render(SimulatedJob job, int done, String status) {
        if (done < 0) {
            return "";
        }
        StringBuilder logs = new StringBuilder();
        Object seed = job.input.getOrDefault("seed", Math.abs(job.id.hashCode() % 100_000));
        logs.append(
                job.kind == SimulatedJob.Kind.TRAINING ? "Preparing training data\n" : "Using seed: " + seed + "\n");
        // About twenty lines for a whole run, like tqdm's own throttling, so long trainings keep short logs.
        int every = Math.max(1, job.steps / 20);
        for (int step = 0; step <= done; step += every) {
            logs.append(tqdm(job, step));
        }
        if (done % every != 0) {
            logs.append(tqdm(job, done));
        }
        if ("failed".equals(status)) {
            logs.append("Traceback (most recent call last):\nRuntimeError: simulated failure\n");
        }
        return logs.toString();
    }

    private static String tqdm(SimulatedJob job, int step) {
        int percent = (int) (100L * step / job.steps);
        int bars = percent / 10;
        long stepMillis = job.stepTime.toMillis();
        double elapsed = step * stepMillis / 1000.0;
        return String.format(
                Locale.ROOT,
                "%3d%%|%s%s| %d/%d [%02d:%02d<00:00, %.2fit/s]%n",
                percent,
                "█".repeat(bars),
                " ".repeat(10 - bars),
                step,
                job.steps,
                (int) elapsed / 60,
                (int) elapsed % 60,
                1000.0 / Math.max(1, stepMillis));
    }
}
