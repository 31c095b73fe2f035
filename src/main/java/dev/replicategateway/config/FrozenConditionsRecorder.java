package dev.replicategateway.config;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Runs only in Spring AOT processing (registered in {@code META-INF/spring/aot.factories}): records the
 * values the build's bean conditions were evaluated with, for {@link FrozenConditionsCheck}.
 */
public class FrozenConditionsRecorder implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Environment environment =
                beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
        if (environment.getActiveProfiles().length > 0) {
            // Spring Boot would bake them into every run of the jar, fallback runs included.
            throw new IllegalStateException("Spring AOT processing with active profiles "
                    + String.join(",", environment.getActiveProfiles())
                    + ": build the aot profile without SPRING_PROFILES_ACTIVE");
        }
        String recorded = FrozenConditions.write(FrozenConditions.valuesIn(environment));
        return (generationContext, code) ->
                generationContext.getGeneratedFiles().addResourceFile(FrozenConditions.RESOURCE, recorded);
    }
}
