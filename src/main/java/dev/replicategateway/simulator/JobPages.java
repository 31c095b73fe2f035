package dev.replicategateway.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists of predictions or trainings as Replicate pages them: newest first, with an opaque cursor to the next page. */
final class JobPages {

    private final SimulatorState state;
    private final int pageSize;

    JobPages(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.pageSize = properties.pageSize();
    }

    /**
     * @param createdAfter a {@code created_after} filter as given (kept in the next page's URL), or null
     * @param createdBefore a {@code created_before} filter as given, or null
     */
    Map<String, Object> page(
            SimulatedJob.Kind kind, String cursor, String createdAfter, String createdBefore, String path) {
        CreatedWindow window = CreatedWindow.parse(createdAfter, createdBefore);
        List<SimulatedJob> jobs = state.page(kind, Cursors.decode(cursor), window, pageSize);
        boolean more = jobs.size() > pageSize;
        List<SimulatedJob> shown = more ? jobs.subList(0, pageSize) : jobs;
        Instant now = state.clock.instant();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put("next", more ? Cursors.next(path, shown.get(shown.size() - 1).id, createdAfter, createdBefore) : null);
        page.put("results", shown.stream().map(job -> job.toJson(now)).toList());
        return page;
    }
}
