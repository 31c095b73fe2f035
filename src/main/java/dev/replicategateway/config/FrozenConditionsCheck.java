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
 * ({@link FrozenConditions}) against this run's, after the service's other post-processors (the
 * simulator switch among them) have had their say. When one differs, or {@code GATEWAY_AOT_BEANS=false}
 * says so, the run starts without the ahead-of-time bean set, as an ordinary Spring Boot start (slower,
 * and said so in the log), so its beans follow its own configuration: the flag is set to false here,
 * before Spring reads it to create the context and to load its bean definitions.
 */
public class FrozenConditionsCheck implements EnvironmentPostProcessor, Ordered {

    static final String SWITCH = "gateway.aot-beans";

    private final Log log;

    public FrozenConditionsCheck(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(FrozenConditionsCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        if (!environment.getProperty(SWITCH, Boolean.class, true)) {
            // The image's ENTRYPOINT sets the JVM flag after JAVA_TOOL_OPTIONS, so it cannot be unset there.
            System.setProperty(AotDetector.AOT_ENABLED, "false");
            log.info("Starting without the ahead-of-time bean set (" + SWITCH + "=false)");
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
