package dev.replicategateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.AnnotatedElement;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.MergedAnnotation;
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

    /** Conditions that read no property: what they depend on is the class path and the bean set. */
    private static final Set<Class<?>> ENVIRONMENT_FREE = Set.of(
            ConditionalOnClass.class,
            ConditionalOnMissingClass.class,
            ConditionalOnBean.class,
            ConditionalOnMissingBean.class,
            ConditionalOnSingleCandidate.class,
            ConditionalOnWebApplication.class);

    @Test
    void everyBeanConditionOfThisServiceIsOnARecordedPropertyWithTheRecordedDefault() throws Exception {
        // Read every class file: a component scan would skip the ones whose conditions do not match here.
        var metadata = new CachingMetadataReaderFactory();
        Set<String> read = new TreeSet<>();
        List<String> unrecordable = new ArrayList<>();
        for (Resource file :
                new PathMatchingResourcePatternResolver().getResources("classpath*:dev/replicategateway/**/*.class")) {
            String className =
                    metadata.getMetadataReader(file).getClassMetadata().getClassName();
            Class<?> type = ClassUtils.forName(className, getClass().getClassLoader());
            Stream.concat(Stream.of(type), Arrays.stream(type.getDeclaredMethods()))
                    .map(element -> (AnnotatedElement) element)
                    .flatMap(element -> Arrays.stream(element.getDeclaredAnnotations()))
                    .filter(annotation -> annotation.annotationType() == Conditional.class
                            || MergedAnnotations.from(annotation.annotationType())
                                    .isPresent(Conditional.class))
                    .forEach(condition -> {
                        if (condition instanceof ConditionalOnProperty onProperty) {
                            read.addAll(checkedAgainstTheRecord(MergedAnnotation.from(onProperty)));
                        } else if (!ENVIRONMENT_FREE.contains(condition.annotationType())) {
                            unrecordable.add(className + ": @"
                                    + condition.annotationType().getSimpleName());
                        }
                    });
        }

        assertThat(unrecordable).isEmpty();
        assertThat(read).isNotEmpty().isEqualTo(new TreeSet<>(FrozenConditions.OWN.keySet()));
    }

    /** The condition's properties, each checked to be recorded with the default the condition assumes. */
    private static List<String> checkedAgainstTheRecord(MergedAnnotation<ConditionalOnProperty> condition) {
        String prefix = condition.getString("prefix");
        String[] names = condition.getStringArray("name");
        String havingValue = condition.getString("havingValue");
        boolean matchIfMissing = condition.getBoolean("matchIfMissing");
        List<String> properties = new ArrayList<>();
        for (String name : names.length > 0 ? names : condition.getStringArray("value")) {
            String property = prefix.isEmpty() ? name : prefix + "." + name;
            String recordedDefault = FrozenConditions.OWN.get(property);
            assertThat(recordedDefault).as(property + " is recorded").isNotNull();
            boolean defaultMatches = havingValue.isEmpty()
                    ? !recordedDefault.equals("false")
                    : recordedDefault.equalsIgnoreCase(havingValue);
            assertThat(defaultMatches)
                    .as("the recorded default of " + property + " matches the condition as a missing value does")
                    .isEqualTo(matchIfMissing);
            properties.add(property);
        }
        return properties;
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
                .containsEntry(FrozenConditions.THREADING, "platform")
                .hasSize(FrozenConditions.PROPERTIES.size() + 1);
    }

    @Test
    void virtualThreadsCountOnlyOnAJvmThatHasThem() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");

        assertThat(FrozenConditions.valuesIn(environment))
                .containsEntry(FrozenConditions.THREADING, Runtime.version().feature() >= 21 ? "virtual" : "platform");
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
                .containsKey(FrozenConditions.THREADING)
                .hasSize(FrozenConditions.PROPERTIES.size() + 1);
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
        SpringApplication application = applicationOn(jar.toUri().toURL());
        System.setProperty(AotDetector.AOT_ENABLED, "true");

        assertThatThrownBy(() -> check(new MockEnvironment(), application))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aot Maven profile");
    }

    @Test
    void theOperatorsSwitchStartsWithoutTheAheadOfTimeBeansEvenWhenTheRunMatches(@TempDir Path jar) throws Exception {
        SpringApplication application = applicationWithRecorded(jar);
        System.setProperty(AotDetector.AOT_ENABLED, "true");

        check(new MockEnvironment().withProperty(FrozenConditionsCheck.SWITCH, "false"), application);

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
    }

    @Test
    void anAotBuildWithActiveProfilesIsRefused() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        beanFactory.registerSingleton("environment", environment);

        assertThatThrownBy(() -> new FrozenConditionsRecorder().processAheadOfTime(beanFactory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod");
    }

    @Test
    void withoutTheAotFlagNothingIsReadOrChanged() {
        SpringApplication application = applicationOn();

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
        return applicationOn(jar.toUri().toURL());
    }

    /** An application whose class loader sees only this class path (not the test's own resources). */
    private static SpringApplication applicationOn(URL... classPath) {
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(new URLClassLoader(classPath, null)));
        return application;
    }
}
