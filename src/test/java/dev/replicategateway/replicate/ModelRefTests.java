package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTests {

    private static final String VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";

    @Test
    void ownerAndNameIsAnOfficialModel() {
        assertThat(ModelRef.parse("black-forest-labs/flux-dev"))
                .isEqualTo(new ModelRef.OfficialModel("black-forest-labs", "flux-dev"));
    }

    @Test
    void ownerNameAndVersionIsAModelVersion() {
        assertThat(ModelRef.parse("stability-ai/sdxl:" + VERSION))
                .isEqualTo(new ModelRef.ModelVersion("stability-ai", "sdxl", VERSION));
    }

    @Test
    void bareVersionIdIsAModelVersionWithoutOwner() {
        assertThat(ModelRef.parse(VERSION)).isEqualTo(new ModelRef.ModelVersion(null, null, VERSION));
    }

    @Test
    void deploymentsPrefixIsADeployment() {
        assertThat(ModelRef.parse("deployments/acme/flux-prod"))
                .isEqualTo(new ModelRef.Deployment("acme", "flux-prod"));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(ModelRef.parse("  black-forest-labs/flux-schnell \n"))
                .isEqualTo(new ModelRef.OfficialModel("black-forest-labs", "flux-schnell"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "black-forest-labs/flux-dev",
                "stability-ai/sdxl:" + VERSION,
                VERSION,
                "deployments/acme/flux-prod"
            })
    void canonicalFormParsesBackToTheSameReference(String ref) {
        ModelRef parsed = ModelRef.parse(ref);

        assertThat(parsed.canonical()).isEqualTo(ref);
        assertThat(ModelRef.parse(parsed.canonical())).isEqualTo(parsed);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "flux-dev",
                "a/b/c",
                "owner/",
                "/name",
                "owner/name:",
                "owner/name:abc123",
                "owner/name:7762FD07CF82C948538E41F63F77D685E02B063E37E496E96EEFD46C929F9BDC",
                "owner/na me",
                "deployments/acme",
                "deployments/acme/flux/prod"
            })
    void anythingElseIsRejected(String ref) {
        assertThatIllegalArgumentException().isThrownBy(() -> ModelRef.parse(ref));
    }
}
