package dev.replicategateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class DotenvEnvironmentPostProcessorTests {

    @Test
    void dotenvFileFillsInWhatTheEnvironmentDoesNotSet(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                "REPLICATE_API_TOKEN=r8_fromfile\nDEFAULT_MODEL=\nSERVER_PORT=9000\nGATEWAY_OUTPUTS_S3_PATH_STYLE=true\n");
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new MapPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("SERVER_PORT", "7000")));
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("dotenv.directory", dir.toString())));

        new DotenvEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("REPLICATE_API_TOKEN")).isEqualTo("r8_fromfile");
        assertThat(environment.getProperty("SERVER_PORT")).isEqualTo("7000");
        assertThat(environment.containsProperty("DEFAULT_MODEL")).isFalse();
        assertThat(Binder.get(environment)
                        .bind("gateway.outputs.s3.path-style", Boolean.class)
                        .orElse(false))
                .as("an environment-style name in .env binds like a real environment variable")
                .isTrue();
    }

    @Test
    void noTokenMeansTheSimulator() {
        MockEnvironment environment = new MockEnvironment();
        new SimulatorModeEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("replicate.simulator.enabled", Boolean.class))
                .isTrue();
    }

    @Test
    void aTokenMeansRealReplicateUnlessTheSimulatorIsForced() {
        MockEnvironment real = new MockEnvironment()
                .withProperty("replicate.api-token", "r8_x")
                .withProperty("gateway.callers.api-keys", "web:web-key-0123456789abc");
        new SimulatorModeEnvironmentPostProcessor().postProcessEnvironment(real, new SpringApplication());
        assertThat(real.getProperty("replicate.simulator.enabled", Boolean.class))
                .isFalse();

        MockEnvironment forced = new MockEnvironment()
                .withProperty("replicate.api-token", "r8_x")
                .withProperty("REPLICATE_SIMULATOR", "true");
        new SimulatorModeEnvironmentPostProcessor().postProcessEnvironment(forced, new SpringApplication());
        assertThat(forced.getProperty("replicate.simulator.enabled", Boolean.class))
                .isTrue();
    }

    @Test
    void aRealTokenWithoutKeysRefusesToStartUnlessOpenIsAllowedOnPurpose() {
        MockEnvironment open = new MockEnvironment().withProperty("replicate.api-token", "r8_x");
        assertThatThrownBy(() -> new SimulatorModeEnvironmentPostProcessor()
                        .postProcessEnvironment(open, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GATEWAY_API_KEYS")
                .hasMessageContaining("GATEWAY_ALLOW_OPEN")
                .hasMessageNotContaining("r8_x");

        MockEnvironment allowed = new MockEnvironment()
                .withProperty("replicate.api-token", "r8_x")
                .withProperty("gateway.callers.allow-open", "true");
        new SimulatorModeEnvironmentPostProcessor().postProcessEnvironment(allowed, new SpringApplication());
        assertThat(allowed.getProperty("replicate.simulator.enabled", Boolean.class))
                .isFalse();

        MockEnvironment simulated = new MockEnvironment();
        new SimulatorModeEnvironmentPostProcessor().postProcessEnvironment(simulated, new SpringApplication());
        assertThat(simulated.getProperty("replicate.simulator.enabled", Boolean.class))
                .as("the simulator stays open: the run command needs no set-up")
                .isTrue();
    }

    @Test
    void prodProfileRefusesToStartWithoutAToken() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        assertThatThrownBy(() -> new SimulatorModeEnvironmentPostProcessor()
                        .postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REPLICATE_API_TOKEN");
    }
}
