package dev.replicategateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * What bean conditions ({@code @ConditionalOnProperty} and the like) depend on. Spring AOT
 * (the {@code aot} Maven profile, which the image is built with) evaluates bean conditions once, at
 * build time, so a run with {@code -Dspring.aot.enabled=true} has the bean set of the build's values.
 * {@link FrozenConditionsRecorder} writes those values into the jar; {@link FrozenConditionsCheck}
 * compares them with the run's own and starts without the ahead-of-time bean set when they differ: a
 * simulator left in place beside a real token, or missing without one, must never be the outcome.
 */
final class FrozenConditions {

    /** Where the build's values are kept, on the class path of an AOT-processed jar. */
    static final String RESOURCE = "META-INF/replicate-gateway/aot-conditions.properties";

    /**
     * The properties of this service's own conditions, each with the value a condition assumes when it
     * is not set ({@code matchIfMissing}).
     */
    static final Map<String, String> OWN = Map.of(
            SimulatorModeEnvironmentPostProcessor.ENABLED,
            "false",
            "gateway.lifecycle.scheduling",
            "true",
            "gateway.outputs.enabled",
            "true");

    /**
     * Switches of Spring Boot and springdoc that an operator is told to use (springdoc's own start-up
     * warning names the first two), each with its default: frozen too, so a change is noticed.
     */
    static final Map<String, String> LIBRARIES = Map.of(
            "springdoc.api-docs.enabled", "true",
            "springdoc.swagger-ui.enabled", "true",
            "management.endpoints.web.exposure.include", "",
            "management.endpoints.web.exposure.exclude", "",
            "management.server.port", "",
            "spring.h2.console.enabled", "false");

    /**
     * Not a property: {@code @ConditionalOnThreading} (Spring Boot's virtual-thread executors, scheduler
     * and Tomcat customizer) also needs Java 21 or later, so the JDK that ran the build counts too.
     */
    static final String THREADING = "threading";

    static final Map<String, String> PROPERTIES = union(OWN, LIBRARIES);

    private FrozenConditions() {}

    /**
     * This environment's value of each property, sorted by name, booleans as conditions compare them; and
     * which threads Spring Boot's threading conditions choose on this JVM.
     */
    static Map<String, String> valuesIn(Environment environment) {
        Map<String, String> values = new TreeMap<>();
        PROPERTIES.forEach((name, missing) -> values.put(name, normalised(environment.getProperty(name, missing))));
        values.put(THREADING, Threading.VIRTUAL.isActive(environment) ? "virtual" : "platform");
        return values;
    }

    /** The properties whose value here differs from the recorded one, each with both values. */
    static Map<String, String> differences(Map<String, String> recorded, Map<String, String> here) {
        Map<String, String> differences = new LinkedHashMap<>();
        here.forEach((name, value) -> {
            String built = recorded.get(name);
            if (!value.equals(built)) {
                differences.put(name, value + " (the build's: " + (built == null ? "not recorded" : built) + ")");
            }
        });
        return differences;
    }

    static String write(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "bean conditions as Spring AOT evaluated them");
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    static Map<String, String> read(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    private static Map<String, String> union(Map<String, String> first, Map<String, String> second) {
        Map<String, String> union = new TreeMap<>(first);
        union.putAll(second);
        return Map.copyOf(union);
    }

    private static String normalised(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
