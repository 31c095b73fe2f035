package dev.replicategateway.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Lists of predictions or trainings as Replicate pages them: newest first, with an opaque cursor to the next page. */
final class JobPages {

    private final SimulatorState state;
    private final int pageSize;

    JobPages(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.pageSize = properties.pageSize();
    }

    Map<String, Object> page(SimulatedJob.Kind kind, String cursor, String path) {
        String after = cursor == null || cursor.isBlank()
                ? null
                : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        List<SimulatedJob> jobs = state.page(kind, after, pageSize);
        boolean more = jobs.size() > pageSize;
        List<SimulatedJob> shown = more ? jobs.subList(0, pageSize) : jobs;
        Instant now = state.clock.instant();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put("next", more ? next(path, shown.get(shown.size() - 1).id) : null);
        page.put("results", shown.stream().map(job -> job.toJson(now)).toList());
        return page;
    }

    private static String next(String path, String lastId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(path)
                .queryParam(
                        "cursor",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8)))
                .toUriString();
    }
}
