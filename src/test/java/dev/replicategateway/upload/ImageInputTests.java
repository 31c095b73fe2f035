package dev.replicategateway.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.support.FakeReplicate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Input images given as files: inline when small, through Replicate's Files API when not, deleted after. */
class ImageInputTests extends LifecycleTestAccess {

    /** A PNG larger than the 256 KB sent inline: its header, then padding. */
    private static final byte[] LARGE_PNG = Arrays.copyOf(FakeReplicate.PNG, 300 * 1024);

    @Autowired
    UploadedInputs uploads;

    @Test
    void aSmallUploadedImageIsSentInlineAsADataUrl() throws Exception {
        String id = accepted(uploading(
                "{\"prompt\":\"make it blue\",\"model\":\"flux-kontext-pro\"}",
                new MockMultipartFile("images", "cat.png", "image/png", FakeReplicate.PNG)));

        assertThat(stored(id).input())
                .containsEntry(
                        "input_image",
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(FakeReplicate.PNG));
        assertThat(replicate.fileUploads).isEmpty();
    }

    @Test
    void aLargeImageGoesThroughTheFilesApiAndIsDeletedOnceThePredictionIsFinal() throws Exception {
        String id = accepted(uploading(
                "{\"prompt\":\"combine\",\"model\":\"nano-banana\"}",
                new MockMultipartFile("images", "a.png", "image/png", LARGE_PNG),
                new MockMultipartFile("images", "b.png", "application/octet-stream", FakeReplicate.PNG)));

        assertThat(replicate.fileUploads).hasSize(1);
        assertThat(stored(id).input()).containsKey("image_input");
        @SuppressWarnings("unchecked")
        List<String> images = (List<String>) stored(id).input().get("image_input");
        assertThat(images.get(0)).isEqualTo("https://api.replicate.com/v1/files/file1");
        assertThat(images.get(1)).startsWith("data:image/png;base64,");
        uploads.deleteDue();
        assertThat(replicate.fileDeletes).isEmpty();

        submitDue();
        replicate.update(stored(id).replicateId(), "succeeded", null, "https://x/out.png");
        clock.advance(Duration.ofSeconds(2));
        pollDue();
        clock.advance(Duration.ofSeconds(1));
        uploads.deleteDue();

        assertThat(replicate.fileDeletes).containsExactly("file1");
    }

    @Test
    void aRequestRefusedForItsInputsUploadsNothing() throws Exception {
        uploading(
                        "{\"prompt\":\"x\",\"model\":\"flux-kontext-pro\",\"output_format\":\"webp\"}",
                        new MockMultipartFile("images", "a.png", "image/png", LARGE_PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("output_format"));
        uploading(
                        "{\"prompt\":\"x\",\"model\":\"imagen-4\"}",
                        new MockMultipartFile("images", "a.png", "image/png", LARGE_PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("images"));

        assertThat(replicate.fileUploads).isEmpty();
    }

    @Test
    void aFileThatIsNoImageIsRefusedWhateverItsNameOrTypeSays() throws Exception {
        uploading(
                        "{\"prompt\":\"x\",\"model\":\"flux-kontext-pro\"}",
                        new MockMultipartFile("images", "a.png", "image/png", "<svg onload=alert(1)>".getBytes()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("images[0]"));

        assertThat(replicate.fileUploads).isEmpty();
    }

    @Test
    void aDataUrlInJsonIsCheckedLikeAFile() throws Exception {
        String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(FakeReplicate.PNG);
        String text = "data:image/png;base64," + Base64.getEncoder().encodeToString("hello".getBytes());
        String large = "data:image/png;base64," + Base64.getEncoder().encodeToString(LARGE_PNG);

        String id = generate("{\"prompt\":\"x\",\"model\":\"flux-2-dev\",\"images\":[\"" + png + "\"]}");
        assertThat(stored(id).input()).containsEntry("input_images", List.of(png));
        mvc.perform(json("{\"prompt\":\"x\",\"model\":\"flux-2-dev\",\"images\":[\"" + text + "\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("images[0]"));
        mvc.perform(json("{\"prompt\":\"x\",\"model\":\"flux-2-dev\",\"images\":[\"" + large + "\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message")
                        .value("is larger than 256 KB; upload the file (multipart) instead"));
    }

    private ResultActions uploading(String request, MockMultipartFile... images) throws Exception {
        var upload = multipart("/generate")
                .file(new MockMultipartFile("request", "", MediaType.APPLICATION_JSON_VALUE, request.getBytes()));
        for (MockMultipartFile image : images) {
            upload.file(image);
        }
        return mvc.perform(upload);
    }

    private static MockHttpServletRequestBuilder json(String body) {
        return post("/generate").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String accepted(ResultActions result) throws Exception {
        String body = result.andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }
}
