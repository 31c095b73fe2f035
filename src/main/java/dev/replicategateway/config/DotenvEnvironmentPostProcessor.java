package dev.replicategateway.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads {@code ./.env} when present, ranked just below the real environment: a variable set in the
 * environment wins over the file, and an empty one in the file counts as unset. Values are never logged.
 */
public class DotenvEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The suffix makes Spring Boot bind {@code GATEWAY_OUTPUTS_STORE} to {@code gateway.outputs.store}, as for the environment. */
    static final String PROPERTY_SOURCE_NAME = "dotenv-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

    static final String DIRECTORY_PROPERTY = "dotenv.directory";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("dotenv.enabled", Boolean.class, true)) {
            return;
        }
        String directory = environment.getProperty(DIRECTORY_PROPERTY, ".");
        Dotenv dotenv = Dotenv.configure()
                .directory(directory)
                .ignoreIfMissing()
                .ignoreIfMalformed()
                .load();
        Map<String, Object> values = new LinkedHashMap<>();
        for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
            // "KEY=" in .env means "not set": it must not hide a default with an empty value.
            if (!entry.getValue().isBlank()) {
                values.put(entry.getKey(), entry.getValue());
            }
        }
        if (values.isEmpty()) {
            return;
        }
        var source = new SystemEnvironmentPropertySource(PROPERTY_SOURCE_NAME, values);
        var sources = environment.getPropertySources();
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
