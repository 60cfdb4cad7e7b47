package io.clipj.image;

import io.clipj.internal.image.ByteArrayInput;
import io.clipj.internal.image.PilConvert;
import io.clipj.internal.image.WebpDecoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Our VP8L decoder against TwelveMonkeys' (a lossless format: any correct decoder gives the same pixels) on every
 * lossless WebP we have: the 10 ImageNet-sized dataset images and coffee_lossless.webp.
 */
class WebpLosslessTest {

    @Test
    void samePixelsAsTwelveMonkeys() throws IOException {
        List<byte[]> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String tar : new String[] {"wds/imagenetv2-sample/test/0.tar", "wds/imagenetv2-sample/test/1.tar"}) {
            byte[] b = Files.readAllBytes(SharedAssets.path(tar));
            for (int p = 0; p + 512 <= b.length && b[p] != 0; ) {
                String name = new String(b, p, 100, StandardCharsets.US_ASCII).replace("\0", "").trim();
                int size = Integer.parseInt(new String(b, p + 124, 12, StandardCharsets.US_ASCII)
                        .replace("\0", "").trim(), 8);
                if (name.endsWith(".webp")) {
                    files.add(Arrays.copyOfRange(b, p + 512, p + 512 + size));
                    names.add(tar + ":" + name);
                }
                p += 512 + (size + 511) / 512 * 512;
            }
        }
        Path coffee = SharedAssets.path("images/coffee_lossless.webp");
        files.add(Files.readAllBytes(coffee));
        names.add(coffee.toString());
        assertThat(files).hasSize(11);
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] data = files.get(i);
            int chunk = WebpDecoder.imageChunkOffset(data);
            assertThat(WebpDecoder.isLossless(data, chunk)).as(names.get(i)).isTrue();
            RgbImage ours = WebpDecoder.decodeLossless(data, chunk, PixelLimit.DEFAULT.maxPixels());
            ImageReader reader = ImageIO.getImageReadersByFormatName("webp").next();
            reader.setInput(new ByteArrayInput(data), true, true);
            RgbImage reference = PilConvert.toRgb(reader.read(0), -1);
            reader.dispose();
            String name = names.get(i);
            checks.add(() -> assertThat(ours.rgb()).as(name).isEqualTo(reference.rgb()));
        }
        assertAll(checks);
    }
}
