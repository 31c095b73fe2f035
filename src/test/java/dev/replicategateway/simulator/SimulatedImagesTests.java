package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SimulatedImagesTests {

    @Test
    void anImageKeepsItsAspectRatioAtTheConfiguredLongSide() throws IOException {
        Map<String, Object> input = Map.of("prompt", "a fox", "aspect_ratio", "16:9");

        BufferedImage small = ImageIO.read(new ByteArrayInputStream(SimulatedImages.render(input, 0, "png", 64)));

        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(small.getHeight()).isEqualTo(36);
        assertThat(SimulatedImages.draw(input, 0).getWidth()).isEqualTo(SimulatedImages.LONG_SIDE);
    }

    @Test
    void explicitDimensionsAreScaledDownToTheLongSide() {
        BufferedImage image = SimulatedImages.draw(Map.of("prompt", "x", "width", 1024, "height", 512), 0, 64);

        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(32);
    }
}
