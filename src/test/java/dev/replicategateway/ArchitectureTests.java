package dev.replicategateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

@AnalyzeClasses(packages = "dev.replicategateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    // Controllers speak this API's types; Replicate's wire format stays behind the client.
    @ArchTest
    static final ArchRule controllersDoNotUseReplicateWireTypes = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .and()
            .resideOutsideOfPackage("..simulator..")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameStartingWith("Replicate")
            .andShould()
            .dependOnClassesThat()
            .haveSimpleName("PredictionPage");

    // Only the client package talks HTTP to Replicate.
    @ArchTest
    static final ArchRule onlyTheClientUsesOkHttp = noClasses()
            .that()
            .resideOutsideOfPackages("..replicate..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("okhttp3..");

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
}
