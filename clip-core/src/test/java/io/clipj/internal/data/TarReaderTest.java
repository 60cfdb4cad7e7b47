package io.clipj.internal.data;

import io.clipj.data.TarBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    /** Reads every regular member as name=content. */
    private static List<String> readAll(byte[] archive) throws IOException {
        List<String> members = new ArrayList<>();
        try (TarReader tar = new TarReader(new ByteArrayInputStream(archive), "test.tar")) {
            for (TarEntry e; (e = tar.nextEntry()) != null; ) {
                byte[] content = tar.readContent();
                assertThat(content).as("content of %s", e.name()).hasSize((int) e.size());
                members.add(e.name() + "=" + new String(content, StandardCharsets.UTF_8));
            }
        }
        return members;
    }

    private static byte[] bytes(int n, char fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void readsPlainMembersAcrossBlockBoundaries() throws IOException {
        byte[] big = bytes(1500, 'x');
        byte[] archive = new TarBuilder().file("a.cls", "1").file("a.webp", big).file("b.cls", "22").bytes();
        assertThat(readAll(archive)).containsExactly("a.cls=1", "a.webp=" + "x".repeat(1500), "b.cls=22");
    }

    @Test
    void unreadContentIsSkipped() throws IOException {
        byte[] archive = new TarBuilder().file("a.webp", bytes(700, 'y')).file("b.cls", "3").bytes();
        try (TarReader tar = new TarReader(new ByteArrayInputStream(archive), "test.tar")) {
            assertThat(tar.nextEntry().name()).isEqualTo("a.webp");
            TarEntry second = tar.nextEntry();
            assertThat(second.name()).isEqualTo("b.cls");
            assertThat(new String(tar.readContent(), StandardCharsets.US_ASCII)).isEqualTo("3");
            assertThat(tar.nextEntry()).isNull();
        }
    }

    @Test
    void nameVariantsAreResolved() throws IOException {
        String longName = "deep/" + "d".repeat(150) + "/sample0001.webp";
        Map<String, String> pax = new LinkedHashMap<>();
        pax.put("path", "pax/ünïcode-name.cls");
        pax.put("mtime", "1700000000.5");
        byte[] archive = new TarBuilder()
                .ustarPrefixed("some/prefix/dir", "k1.cls", "5".getBytes(StandardCharsets.US_ASCII))
                .gnuLongName(longName, "img".getBytes(StandardCharsets.US_ASCII))
                .pax(pax, "short.cls", 1, "7".getBytes(StandardCharsets.US_ASCII))
                .file("after-pax.cls", "8")
                .base256("b256.cls", "9".getBytes(StandardCharsets.US_ASCII))
                .bytes();
        assertThat(readAll(archive)).containsExactly("some/prefix/dir/k1.cls=5", longName + "=img",
                "pax/ünïcode-name.cls=7", "after-pax.cls=8", "b256.cls=9");
    }

    @Test
    void paxSizeOverridesHeaderSize() throws IOException {
        byte[] archive = new TarBuilder().pax(Map.of("size", "11"), "sized.webp", 0, bytes(11, 'z'))
                .file("next.cls", "1").bytes();
        assertThat(readAll(archive)).containsExactly("sized.webp=" + "z".repeat(11), "next.cls=1");
    }

    @Test
    void globalPaxAppliesToLaterMembersUnlessOverridden() throws IOException {
        byte[] archive = new TarBuilder().globalPax(Map.of("comment", "made by a test"))
                .file("x.cls", "1").pax(Map.of("path", "local.cls"), "y.cls", 1, "2".getBytes(StandardCharsets.US_ASCII))
                .bytes();
        assertThat(readAll(archive)).containsExactly("x.cls=1", "local.cls=2");
    }

    @Test
    void directoriesLinksAndSpecialFilesAreSkipped() throws IOException {
        byte[] none = new byte[0];
        byte[] archive = new TarBuilder().typed('5', "dir/", none).typed('2', "link.cls", none)
                .typed('1', "hard.cls", none).typed('6', "fifo", none).typed('3', "chardev", none)
                .typed('K', "././@LongLink", "target\0".getBytes(StandardCharsets.US_ASCII))
                .typed('0', "olddir/", none).typed('\0', "v7.cls", "4".getBytes(StandardCharsets.US_ASCII))
                .typed('7', "contig.cls", "6".getBytes(StandardCharsets.US_ASCII))
                .typed('Z', "unknown.bin", bytes(600, 'q')).file("dir/a.cls", "3").bytes();
        assertThat(readAll(archive)).containsExactly("v7.cls=4", "contig.cls=6", "dir/a.cls=3");
    }

    @Test
    void archiveEndingAtBlockBoundaryWithoutEndMarkerIsAccepted() throws IOException {
        byte[] archive = new TarBuilder().file("a.cls", "1").bytesWithoutEnd();
        assertThat(readAll(archive)).containsExactly("a.cls=1");
    }

    @Test
    void badChecksumIsReported() {
        byte[] archive = new TarBuilder().file("a.cls", "1").file("b.cls", "2").bytes();
        archive[512 * 2 + 3] ^= 0x10; // second header, inside the name
        assertThatThrownBy(() -> readAll(archive)).isInstanceOf(TarFormatException.class)
                .hasMessageContaining("test.tar").hasMessageContaining("checksum").hasMessageContaining("byte 1024");
    }

    @Test
    void truncationIsReportedWithTheMember() {
        byte[] full = new TarBuilder().file("a.cls", "1").file("a.webp", bytes(2000, 'w')).bytes();
        byte[] midContent = Arrays.copyOf(full, 1024 + 512 + 700);
        byte[] midHeader = Arrays.copyOf(full, 1024 + 100);
        byte[] midPadding = Arrays.copyOf(full, 1024 + 512 + 2000 + 10);
        assertAll(
                () -> assertThatThrownBy(() -> readAll(midContent)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("test.tar").hasMessageContaining("'a.webp'")
                        .hasMessageContaining("truncated").hasMessageContaining("2000"),
                () -> assertThatThrownBy(() -> readAll(midHeader)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("truncated tar header at byte 1024"),
                () -> assertThatThrownBy(() -> readAll(midPadding)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("'a.webp'"));
    }

    @Test
    void skippingThroughTruncatedContentIsReported() {
        byte[] full = new TarBuilder().file("a.webp", bytes(3000, 'w')).bytes();
        byte[] cut = Arrays.copyOf(full, 512 + 1000);
        assertThatThrownBy(() -> {
            try (TarReader tar = new TarReader(new ByteArrayInputStream(cut), "cut.tar")) {
                tar.nextEntry();
                tar.nextEntry(); // skips the unread content
            }
        }).isInstanceOf(TarFormatException.class).hasMessageContaining("cut.tar").hasMessageContaining("'a.webp'")
                .hasMessageContaining("ends after 1000");
    }

    @Test
    void oversizedMetadataIsRefusedBeforeReading() {
        byte[] longNameBomb = new TarBuilder().headerOnly('L', "././@LongLink", 50L << 20).bytesWithoutEnd();
        byte[] paxBomb = new TarBuilder().headerOnly('x', "PaxHeaders/x", 3L << 30).bytesWithoutEnd();
        assertAll(
                () -> assertThatThrownBy(() -> readAll(longNameBomb)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("limit " + TarReader.MAX_METADATA_BYTES),
                () -> assertThatThrownBy(() -> readAll(paxBomb)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("limit " + TarReader.MAX_METADATA_BYTES));
    }

    @Test
    void malformedNumbersAndPaxRecordsAreReported() {
        byte[] header = TarBuilder.header("a.cls", "", 1, '0', false);
        byte[] badSize = Arrays.copyOf(header, 512 * 4);
        badSize[125] = '9'; // not an octal digit; fix the checksum so only the size is wrong
        fixChecksum(badSize);
        byte[] badPax = new TarBuilder().typed('x', "PaxHeaders/a", "99 path=a.cls\n".getBytes(StandardCharsets.UTF_8))
                .file("a.cls", "1").bytes();
        assertAll(
                () -> assertThatThrownBy(() -> readAll(badSize)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("malformed octal size"),
                () -> assertThatThrownBy(() -> readAll(badPax)).isInstanceOf(TarFormatException.class)
                        .hasMessageContaining("malformed pax header record"));
    }

    @Test
    void notATarFileIsReported() {
        byte[] junk = ("<html>" + "x".repeat(600)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> readAll(junk)).isInstanceOf(TarFormatException.class)
                .hasMessageContaining("not a tar file");
    }

    private static void fixChecksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += h[i] & 0xff;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, h, 148, 8);
    }
}
