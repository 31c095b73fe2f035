package dev.replicategateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.regex.Pattern;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

@AnalyzeClasses(
        packages = "dev.replicategateway",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTests.NotSpringAotGenerated.class})
class ArchitectureTests {

    // Dependencies run one way (identity and web concerns at the edge, features below, the client and
    // budgets at the bottom): a cycle between feature packages means neither can be read alone.
    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("dev.replicategateway.(*)..").should().beFreeOfCycles();

    // A package offers a small service; its tables stay behind it.
    @ArchTest
    static final ArchRule repositoriesArePackagePrivate =
            classes().that().areAnnotatedWith(Repository.class).should().notBePublic();

    // Controllers speak this API's types; Replicate's wire format (the whole replicate package) stays
    // behind the features' services.
    @ArchTest
    static final ArchRule controllersDoNotUseReplicateWireTypes = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .and()
            .resideOutsideOfPackage("..simulator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.replicategateway.replicate..");

    // Only the client package talks HTTP to Replicate; OkHttp stays out of every other feature.
    @ArchTest
    static final ArchRule onlyTheClientUsesOkHttp = noClasses()
            .that()
            // The caller webhook deliverer is the one other HTTP client: it needs OkHttp's own name
            // resolution, so that a host resolving to a private address is never reached.
            .resideOutsideOfPackages("..replicate..", "..callerwebhook..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("okhttp3..");

    // The rule that a sent create is never repeated lives in ReplicateRetryRules, built into registries
    // only ReplicateServiceConfiguration holds: a registry elsewhere (or Spring's, fed by YAML) could
    // replace it silently.
    @ArchTest
    static final ArchRule retriesAndBreakersAreBuiltInOnePlace = noClasses()
            .that()
            .doNotHaveSimpleName("ReplicateServiceConfiguration")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(RetryRegistry.class.getName())
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName(CircuitBreakerRegistry.class.getName());

    @ArchTest
    static final ArchRule retryConfigurationComesFromTheRetryRules = noClasses()
            .that()
            .doNotHaveSimpleName("ReplicateRetryRules")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(RetryConfig.class.getName());

    // Resilience4j's Spring Boot module would bind resilience4j.* properties onto our instances.
    @ArchTest
    static final ArchRule noResilience4jSpringModule =
            noClasses().should().dependOnClassesThat().resideInAPackage("io.github.resilience4j.spring..");

    // The simulator plays Replicate from outside: nothing of the product may lean on it.
    @ArchTest
    static final ArchRule nothingDependsOnTheSimulator = noClasses()
            .that()
            .resideOutsideOfPackage("..simulator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..simulator..");

    // Controllers stay thin and package-private, built by constructor injection.
    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    /**
     * The code Spring AOT generates (after a {@code -Paot} build, in {@code target/classes}) registers
     * every bean of every package from one place, by design: it is not code these rules are about.
     */
    static final class NotSpringAotGenerated implements ImportOption {
        private static final Pattern GENERATED =
                Pattern.compile(".*(__[A-Za-z]+|\\$\\$SpringCGLIB\\$\\$\\d+)(\\$.*)?\\.class$");

        @Override
        public boolean includes(Location location) {
            return !location.matches(GENERATED);
        }
    }
}
