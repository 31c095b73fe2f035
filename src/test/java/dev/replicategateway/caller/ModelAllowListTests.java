package dev.replicategateway.caller;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelAllowListTests {

    private final ModelAllowList allowList = new ModelAllowList(new CallerProperties(
            "olga:k1,any:k2",
            null,
            false,
            20,
            new CallerProperties.Quota(null, null, null, List.of(), null),
            Map.of(
                    "olga",
                    new CallerProperties.Quota(null, null, null, List.of("black-forest-labs/*", "acct/faces"), null)),
            0));

    @Test
    void aListedModelIsAllowedWithOrWithoutItsVersionAndInAnyCase() {
        assertThatCode(() -> allowList.check("olga", "black-forest-labs/flux-schnell"))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowList.check("olga", "Black-Forest-Labs/FLUX-schnell"))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowList.check("olga", "ACCT/Faces:" + "c".repeat(64)))
                .doesNotThrowAnyException();
    }

    @Test
    void aWildcardStaysInsideItsOwnerAndAnUnlistedModelIsRefused() {
        assertThatThrownBy(() -> allowList.check("olga", "someone/else"))
                .isInstanceOf(ModelAllowList.ModelNotAllowedException.class);
        assertThatThrownBy(() -> allowList.check("olga", "acct/faces-2"))
                .isInstanceOf(ModelAllowList.ModelNotAllowedException.class);
        assertThatThrownBy(() -> allowList.check("olga", "black-forest-labs-fork/flux"))
                .isInstanceOf(ModelAllowList.ModelNotAllowedException.class);
    }

    @Test
    void aCallerWithoutAListMayUseAnyModel() {
        assertThatCode(() -> allowList.check("any", "someone/else")).doesNotThrowAnyException();
    }
}
