package dev.replicategateway.prediction;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every {@link UpstreamWork} the application has, by its kind. */
@Component
class UpstreamWorks {

    private final Map<WorkKind, UpstreamWork> byKind = new EnumMap<>(WorkKind.class);

    UpstreamWorks(List<UpstreamWork> works) {
        works.forEach(work -> byKind.put(work.kind(), work));
    }

    UpstreamWork of(WorkKind kind) {
        UpstreamWork work = byKind.get(kind);
        if (work == null) {
            throw new IllegalStateException("No upstream handles " + kind);
        }
        return work;
    }

    Collection<UpstreamWork> all() {
        return byKind.values();
    }
}
