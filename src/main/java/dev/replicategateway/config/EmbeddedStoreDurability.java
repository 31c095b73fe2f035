package dev.replicategateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the embedded H2 store write every commit to its file before the commit returns. By default H2
 * keeps committed transactions in memory for up to half a second, so "committed before the 202" would
 * not survive {@code kill -9}. Whatever H2 URL the operator sets, {@code WRITE_DELAY=0} is added to it
 * (H2 runs the URL's settings on every connection it opens); a URL asking for another write delay is
 * refused at startup. {@link EmbeddedStoreDurabilityCheck} then reads the live setting back. The
 * compatibility settings the migrations need ({@code MODE=PostgreSQL} …) and a query cache large enough
 * for the service's statements are added when missing too.
 *
 * <p>This protects against the process dying, not against the machine losing power: H2 does not fsync
 * each commit. The README's failure model says so; PostgreSQL (with its default {@code fsync} and
 * {@code synchronous_commit}) is the store that survives a power cut.
 */
public class EmbeddedStoreDurability implements EnvironmentPostProcessor, Ordered {

    static final String URL = "spring.datasource.url";
    private static final Pattern WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");
    /** What the migrations need of H2 (and a query cache), added when an operator's URL leaves them out. */
    private static final List<Map.Entry<String, String>> COMPATIBILITY = List.of(
            Map.entry("MODE", "PostgreSQL"),
            Map.entry("DATABASE_TO_LOWER", "TRUE"),
            Map.entry("DEFAULT_NULL_ORDERING", "HIGH"),
            // Not for the migrations: H2 keeps the 8 statements a connection prepared last, and an accept
            // or a poll alone runs more than that, so every statement was parsed and planned again.
            Map.entry("QUERY_CACHE_SIZE", "64"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty(URL);
        String durable = durable(url);
        if (durable != null && !durable.equals(url)) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("embeddedStoreDurability", Map.of(URL, durable)));
        }
    }

    /**
     * The URL with {@code WRITE_DELAY=0} when it is an H2 database on disk; unchanged otherwise.
     *
     * @throws IllegalStateException when the URL asks H2 to delay writes
     */
    static String durable(String url) {
        if (!isOnDiskH2(url)) {
            return url;
        }
        StringBuilder durable = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        for (var setting : COMPATIBILITY) {
            if (!upper.contains(";" + setting.getKey() + "=")) {
                durable.append(';').append(setting.getKey()).append('=').append(setting.getValue());
            }
        }
        Matcher matcher = WRITE_DELAY.matcher(url);
        if (!matcher.find()) {
            return durable.append(";WRITE_DELAY=0").toString();
        }
        if (!matcher.group(1).trim().equals("0")) {
            throw new IllegalStateException("spring.datasource.url sets WRITE_DELAY="
                    + matcher.group(1).trim()
                    + ": H2 would keep acknowledged work in memory and lose it if the process is killed. "
                    + "Remove the setting (the service sets WRITE_DELAY=0 itself).");
        }
        return durable.toString();
    }

    static boolean isOnDiskH2(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 40;
    }
}
