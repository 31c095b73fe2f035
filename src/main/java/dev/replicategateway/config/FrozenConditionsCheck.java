package dev.replicategateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With {@code -Dspring.aot.enabled=true}, compares the values the ahead-of-time bean set was built with
 * ({@link FrozenConditions}) against this run's, once every other post-processor (the simulator switch
 * among them) has had its say. When one differs, the run starts without the ahead-of-time bean set, as
 * an ordinary Spring Boot start (slower, and said so in the log), so its beans follow its own
 * configuration. Spring reads the flag again when it creates the context, after this.
 */
public class FrozenConditionsCheck implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public FrozenConditionsCheck(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(FrozenConditionsCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        String recorded = recorded(application.getClassLoader());
        if (recorded == null) {
            throw new IllegalStateException("spring.aot.enabled=true, but this jar was not built with the aot "
                    + "Maven profile (no " + FrozenConditions.RESOURCE + ")");
        }
        Map<String, String> differences =
                FrozenConditions.differences(FrozenConditions.read(recorded), FrozenConditions.valuesIn(environment));
        if (!differences.isEmpty()) {
            System.setProperty(AotDetector.AOT_ENABLED, "false");
            log.warn("Starting without the ahead-of-time bean set, which is slower: its bean conditions were "
                    + "evaluated with other values than this run's " + differences);
        }
    }

    private static String recorded(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(FrozenConditions.RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
