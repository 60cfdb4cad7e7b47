import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A caption WebDataset of real-sized JPEGs for the throughput comparison in docs/spark.md:
 * {@code java MakeCaptionShards.java SHARED OUT SHARDS PER_SHARD} writes {@code OUT/shards/0000i.tar}
 * (img2dataset's layout: {@code KEY.jpg}, {@code KEY.txt}, {@code KEY.json}), the same images as
 * {@code OUT/imgs/KEY.jpg} and their captions in key order as {@code OUT/captions.json}, so that the
 * single-process CLI can embed exactly the same images and captions. Each image is a seeded random crop
 * (60-100% of each side, sometimes mirrored) of one of SHARED/images' photographs, JPEG quality 90.
 */
public class MakeCaptionShards {

    static final String[] SOURCES = {"astronaut.png", "camera.png", "chelsea.png", "coffee.png", "horse.png",
            "hubble_deep_field.jpg", "motorcycle_left.png", "page.png", "rocket.jpg"};

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int shards = Integer.parseInt(args[2]);
        int perShard = Integer.parseInt(args[3]);
        List<BufferedImage> sources = new ArrayList<>();
        for (String name : SOURCES) {
            BufferedImage img = ImageIO.read(shared.resolve("images").resolve(name).toFile());
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
            sources.add(rgb);
        }
        Files.createDirectories(out.resolve("shards"));
        Files.createDirectories(out.resolve("imgs"));
        Random random = new Random(17);
        StringBuilder captions = new StringBuilder("[\n");
        long bytes = 0;
        for (int s = 0; s < shards; s++) {
            try (OutputStream tar = Files.newOutputStream(out.resolve("shards").resolve(String.format("%05d.tar", s)))) {
                for (int i = 0; i < perShard; i++) {
                    int n = s * perShard + i;
                    String key = String.format("%05d%04d", s, i);
                    int src = random.nextInt(SOURCES.length);
                    byte[] jpeg = jpeg(crop(sources.get(src), random));
                    bytes += jpeg.length;
                    String name = SOURCES[src].substring(0, SOURCES[src].indexOf('.')).replace('_', ' ');
                    String caption = "a photo of a " + name + ", number " + n;
                    Files.write(out.resolve("imgs").resolve(key + ".jpg"), jpeg);
                    member(tar, key + ".jpg", jpeg);
                    member(tar, key + ".txt", caption.getBytes(StandardCharsets.UTF_8));
                    member(tar, key + ".json", ("{\"key\": \"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
                    captions.append("  \"").append(caption).append(n + 1 < shards * perShard ? "\",\n" : "\"\n");
                }
                tar.write(new byte[1024]); // end of archive
            }
        }
        Files.writeString(out.resolve("captions.json"), captions.append("]\n"));
        System.out.printf("%d shards x %d JPEGs (%.1f MB) in %s%n", shards, perShard, bytes / 1e6, out);
    }

    static BufferedImage crop(BufferedImage img, Random random) {
        int w = (int) (img.getWidth() * (0.6 + 0.4 * random.nextDouble()));
        int h = (int) (img.getHeight() * (0.6 + 0.4 * random.nextDouble()));
        int x = random.nextInt(img.getWidth() - w + 1);
        int y = random.nextInt(img.getHeight() - h + 1);
        boolean mirror = random.nextBoolean();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                out.setRGB(mirror ? w - 1 - i : i, j, img.getRGB(x + i, y + j));
            }
        }
        return out;
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        }
        writer.dispose();
        return bytes.toByteArray();
    }

    /** One regular-file member of a ustar archive: a 512-byte header, the data, padding to 512. */
    static void member(OutputStream tar, String name, byte[] data) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", data.length));
        put(h, 136, String.format("%011o\0", 0));
        put(h, 148, "        ");
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        tar.write(h);
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
    }

    static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
