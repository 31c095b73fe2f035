package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WebpEncoderTests {

    @Test
    void aDrawnImageSurvivesTheRoundTripExactly() throws IOException {
        BufferedImage image =
                SimulatedImages.draw(Map.of("prompt", "A serene mountain landscape at sunset", "seed", 4242), 0);

        assertThat(decode(WebpEncoder.encode(image))).satisfies(decoded -> assertSamePixels(image, decoded));
    }

    @Test
    void noiseAndOddSizesSurviveTheRoundTripExactly() throws IOException {
        Random random = new Random(1);
        for (int[] size : new int[][] {{1, 1}, {37, 5}, {5, 37}, {129, 64}}) {
            BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    image.setRGB(x, y, random.nextInt(4) == 0 ? random.nextInt() : 0x336699);
                }
            }
            assertSamePixels(image, decode(WebpEncoder.encode(image)));
        }
    }

    @Test
    void theFileIsALosslessRiffWebp() {
        byte[] webp = WebpEncoder.encode(new BufferedImage(16, 9, BufferedImage.TYPE_INT_RGB));

        assertThat(new String(webp, 0, 4)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 8)).isEqualTo("WEBPVP8L");
        assertThat(webp.length % 2).isZero();
    }

    private static BufferedImage decode(byte[] webp) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(webp));
        assertThat(decoded).as("decodable").isNotNull();
        return decoded;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y) | 0xff000000)
                        .as("pixel %d,%d", x, y)
                        .isEqualTo(expected.getRGB(x, y) | 0xff000000);
            }
        }
    }
}
