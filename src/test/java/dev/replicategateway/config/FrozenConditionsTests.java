package dev.replicategateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.AnnotatedElement;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.AotDetector;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.ClassUtils;

class FrozenConditionsTests {

    @AfterEach
    void aotOff() {
        System.clearProperty(AotDetector.AOT_ENABLED);
    }

    @Test
    void everyPropertyThisServicesOwnBeanConditionsReadIsRecorded() throws Exception {
        // Read every class file: a component scan would skip the ones whose conditions do not match here.
        var metadata = new CachingMetadataReaderFactory();
        Set<String> read = new TreeSet<>();
        for (Resource file :
                new PathMatchingResourcePatternResolver().getResources("classpath*:dev/replicategateway/**/*.class")) {
            String className =
                    metadata.getMetadataReader(file).getClassMetadata().getClassName();
            Class<?> type = ClassUtils.forName(className, getClass().getClassLoader());
            Stream.concat(Stream.of(type), Arrays.stream(type.getDeclaredMethods()))
                    .map(element -> (AnnotatedElement) element)
                    .flatMap(element -> MergedAnnotations.from(element).stream(ConditionalOnProperty.class))
                    .forEach(condition -> {
                        String prefix = condition.getString("prefix");
                        String[] names = condition.getStringArray("name");
                        for (String name : names.length > 0 ? names : condition.getStringArray("value")) {
                            read.add(prefix.isEmpty() ? name : prefix + "." + name);
                        }
                    });
        }

        assertThat(read).isNotEmpty().isEqualTo(new TreeSet<>(FrozenConditions.OWN.keySet()));
        assertThat(FrozenConditions.PROPERTIES).containsAllEntriesOf(FrozenConditions.OWN);
    }

    @Test
    void valuesAreTheRunsOwnWithTheConditionsDefaultsForWhatIsUnset() {
        MockEnvironment environment = new MockEnvironment().withProperty("replicate.simulator.enabled", " TRUE ");

        assertThat(FrozenConditions.valuesIn(environment))
                .containsEntry("gateway.lifecycle.scheduling", "true")
                .containsEntry("gateway.outputs.enabled", "true")
                .containsEntry("replicate.simulator.enabled", "true")
                .containsEntry("springdoc.api-docs.enabled", "true")
                .containsEntry("management.endpoints.web.exposure.include", "")
                .hasSize(FrozenConditions.PROPERTIES.size());
    }

    @Test
    void theRecordedValuesReadBackAsWrittenAndOnlyChangedOnesDiffer() {
        Map<String, String> built = FrozenConditions.valuesIn(new MockEnvironment());
        Map<String, String> recorded = FrozenConditions.read(FrozenConditions.write(built));
        Map<String, String> simulated =
                FrozenConditions.valuesIn(new MockEnvironment().withProperty("replicate.simulator.enabled", "true"));

        assertThat(recorded).isEqualTo(built);
        assertThat(FrozenConditions.differences(recorded, built)).isEmpty();
        assertThat(FrozenConditions.differences(recorded, simulated))
                .containsExactly(Map.entry("replicate.simulator.enabled", "true (the build's: false)"));
        assertThat(FrozenConditions.differences(
                        recorded,
                        FrozenConditions.valuesIn(
                                new MockEnvironment().withProperty("springdoc.api-docs.enabled", "false"))))
                .containsOnlyKeys("springdoc.api-docs.enabled");
    }

    @Test
    void theAotProcessorWritesTheBuildsValuesIntoTheJarsResources() throws Exception {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton(
                "environment", new MockEnvironment().withProperty("gateway.outputs.enabled", "false"));
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generation =
                new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("dev.example", "App")), files);

        new FrozenConditionsRecorder().processAheadOfTime(beanFactory).applyTo(generation, null);

        String written = files.getGeneratedFileContent(Kind.RESOURCE, FrozenConditions.RESOURCE);
        assertThat(FrozenConditions.read(written))
                .containsEntry("gateway.outputs.enabled", "false")
                .containsEntry("replicate.simulator.enabled", "false")
                .hasSize(FrozenConditions.PROPERTIES.size());
    }

    @Test
    void aRunConfiguredOtherwiseThanTheBuildStartsWithoutTheAheadOfTimeBeans(@TempDir Path jar) throws Exception {
        SpringApplication application = applicationWithRecorded(jar);
        System.setProperty(AotDetector.AOT_ENABLED, "true");

        check(new MockEnvironment().withProperty("replicate.simulator.enabled", "true"), application);

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
    }

    @Test
    void aRunConfiguredAsTheBuildWasKeepsTheAheadOfTimeBeans(@TempDir Path jar) throws Exception {
        SpringApplication application = applicationWithRecorded(jar);
        System.setProperty(AotDetector.AOT_ENABLED, "true");

        check(new MockEnvironment().withProperty("replicate.simulator.enabled", "false"), application);

        assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
    }

    @Test
    void theAotFlagOnAJarBuiltWithoutTheProfileIsRefusedWithTheReason(@TempDir Path jar) throws Exception {
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)));
        System.setProperty(AotDetector.AOT_ENABLED, "true");

        assertThatThrownBy(() -> check(new MockEnvironment(), application))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aot Maven profile");
    }

    @Test
    void withoutTheAotFlagNothingIsReadOrChanged() {
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(new URLClassLoader(new URL[0], null)));

        check(new MockEnvironment().withProperty("replicate.simulator.enabled", "true"), application);

        assertThat(System.getProperty(AotDetector.AOT_ENABLED)).isNull();
    }

    private static void check(MockEnvironment environment, SpringApplication application) {
        new FrozenConditionsCheck(destination -> destination.get()).postProcessEnvironment(environment, application);
    }

    /** An application whose class path holds what a build with the defaults (no simulator) recorded. */
    private static SpringApplication applicationWithRecorded(Path jar) throws Exception {
        MockEnvironment built = new MockEnvironment();
        Path resource = jar.resolve(FrozenConditions.RESOURCE);
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, FrozenConditions.write(FrozenConditions.valuesIn(built)));
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)));
        return application;
    }
}
