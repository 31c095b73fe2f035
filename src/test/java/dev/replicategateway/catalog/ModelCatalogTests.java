package dev.replicategateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateUnavailableException;
import dev.replicategateway.support.MutableClock;
import dev.replicategateway.web.InvalidRequestException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How schemas are fetched, kept and refreshed: what a request's validation stands on. */
class ModelCatalogTests {

    private final MutableClock clock = MutableClock.startingNow();
    private final CatalogFromResources.InMemorySchemas stored = new CatalogFromResources.InMemorySchemas();
    private final FlakyFetcher fetcher = new FlakyFetcher();

    @Test
    void anAliasResolvesToItsModelAndTheSchemaIsFetchedOnce() {
        ModelCatalog catalog = catalog(false);

        ResolvedModel first = catalog.resolve("kontext", "model");
        ResolvedModel second = catalog.resolve("kontext", "model");

        assertThat(first.alias()).isEqualTo("kontext");
        assertThat(first.ref()).isEqualTo("black-forest-labs/flux-kontext-pro");
        assertThat(first.schema().imageInput())
                .hasValueSatisfying(field -> assertThat(field.name()).isEqualTo("input_image"));
        assertThat(second.schema()).isSameAs(first.schema());
        assertThat(fetcher.fetches).hasValue(1);
    }

    @Test
    void anotherInstanceUsesTheStoredSchemaWithoutFetchingIt() {
        catalog(false).resolve("kontext", "model");

        ResolvedModel elsewhere = catalog(false).resolve("kontext", "model");

        assertThat(elsewhere.schema().has("safety_tolerance")).isTrue();
        assertThat(fetcher.fetches).hasValue(1);
    }

    @Test
    void aSchemaOlderThanItsTtlIsFetchedAgain() {
        ModelCatalog catalog = catalog(false);
        catalog.resolve("kontext", "model");

        clock.advance(Duration.ofHours(25));
        catalog.resolve("kontext", "model");

        assertThat(fetcher.fetches).hasValue(2);
    }

    @Test
    void aRejectedInputMakesTheNextResolveFetchTheSchemaAgain() {
        ModelCatalog catalog = catalog(false);
        catalog.resolve("kontext", "model");

        catalog.inputRejected("black-forest-labs/flux-kontext-pro");
        ModelCatalog otherInstance = catalog(false);
        otherInstance.resolve("kontext", "model");

        assertThat(fetcher.fetches).hasValue(2);
    }

    @Test
    void whenReplicateCannotBeAskedTheStoredSchemaIsUsedEvenIfOld() {
        ModelCatalog catalog = catalog(false);
        catalog.resolve("kontext", "model");
        clock.advance(Duration.ofHours(25));
        fetcher.failing = true;

        assertThat(catalog.resolve("kontext", "model").validated()).isTrue();
    }

    @Test
    void withoutAnySchemaTheRequestIsRefusedWithA503UnlessTheOperatorAllowsUnvalidatedInput() {
        fetcher.failing = true;

        assertThatThrownBy(() -> catalog(false).resolve("kontext", "model"))
                .isInstanceOf(SchemaUnavailableException.class)
                .hasMessageContaining("black-forest-labs/flux-kontext-pro");
        ResolvedModel unvalidated = catalog(true).resolve("kontext", "model");
        assertThat(unvalidated.validated()).isFalse();
        assertThat(unvalidated.ref()).isEqualTo("black-forest-labs/flux-kontext-pro");
    }

    @Test
    void aModelReplicateDoesNotKnowOrANonsenseReferenceIsA400OnTheField() {
        ModelCatalog catalog = catalog(false);

        assertThatThrownBy(() -> catalog.resolve("missing/model", "lora.model"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .singleElement()
                        .satisfies(error -> assertThat(error.field()).isEqualTo("lora.model")));
        assertThatThrownBy(() -> catalog.resolve("not a model", "model"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).message()).contains("kontext"));
    }

    @Test
    void aDeploymentIsValidatedWithTheSchemaOfTheModelItRuns() {
        ResolvedModel deployment = catalog(false).resolve("deployments/acme/fast", "model");

        assertThat(deployment.ref()).isEqualTo("deployments/acme/fast");
        assertThat(deployment.name()).isEqualTo("black-forest-labs/flux-schnell");
        assertThat(deployment
                        .schema()
                        .field("num_inference_steps")
                        .orElseThrow()
                        .maximum())
                .isEqualTo(4.0);
    }

    private ModelCatalog catalog(boolean passThrough) {
        CatalogProperties properties = new CatalogProperties(
                Map.of("kontext", new CatalogProperties.Alias("black-forest-labs/flux-kontext-pro", "edit")),
                Map.of(),
                Duration.ofHours(24),
                passThrough);
        return new ModelCatalog(properties, stored, fetcher, clock);
    }

    private static final class FlakyFetcher extends CatalogFromResources.ResourceSchemas {

        volatile boolean failing;

        @Override
        Fetched fetch(ModelRef ref) {
            if (failing) {
                throw new ReplicateUnavailableException(503, "Replicate is unavailable", true, null);
            }
            return super.fetch(ref);
        }
    }
}
