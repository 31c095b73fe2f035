package dev.replicategateway.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.prediction.LifecycleTestAccess;
import org.junit.jupiter.api.Test;

class OpenApiTests extends LifecycleTestAccess {

    @Test
    void everyEndpointIsDescribedWithItsProblemAnswers() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/generate'].post.summary").value("Accept one image generation"))
                .andExpect(jsonPath("$.paths['/generate'].post.responses['400'].content['application/problem+json']")
                        .exists())
                .andExpect(jsonPath("$.paths['/generate/batch'].post").exists())
                .andExpect(jsonPath("$.paths['/predictions/{id}'].get").exists())
                .andExpect(jsonPath("$.paths['/predictions'].get").exists())
                .andExpect(jsonPath("$.paths['/predictions/{id}/cancel'].post").exists())
                .andExpect(jsonPath("$.paths['/trainings'].post").exists())
                .andExpect(jsonPath("$.paths['/trainings/{id}'].get").exists())
                .andExpect(jsonPath("$.paths['/usage'].get").exists())
                .andExpect(jsonPath("$.paths['/webhooks/replicate'].post").exists())
                .andExpect(
                        jsonPath("$.components.securitySchemes.apiKey.scheme").value("bearer"));
    }
}
