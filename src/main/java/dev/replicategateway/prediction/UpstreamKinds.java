package dev.replicategateway.prediction;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link UpstreamKind} the application has, by its {@code kind} value. */
@Component
class UpstreamKinds {

    private final Map<String, UpstreamKind> byKind;

    UpstreamKinds(List<UpstreamKind> kinds) {
        this.byKind = kinds.stream().collect(Collectors.toUnmodifiableMap(UpstreamKind::kind, Function.identity()));
    }

    UpstreamKind of(String kind) {
        UpstreamKind upstream = byKind.get(kind);
        if (upstream == null) {
            throw new IllegalStateException("No upstream handles kind " + kind);
        }
        return upstream;
    }

    java.util.Collection<UpstreamKind> all() {
        return byKind.values();
    }
}
