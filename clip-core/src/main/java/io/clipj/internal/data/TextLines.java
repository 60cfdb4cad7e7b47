package io.clipj.internal.data;

import io.clipj.data.DatasetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the small UTF-8 text files of a dataset: one entry per line.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextLines {

    private TextLines() {
    }

    /**
     * The lines of a strict UTF-8 file (a BOM and {@code \r\n} endings tolerated), each stripped of
     * surrounding whitespace as CLIP_benchmark's {@code line.strip()} does, trailing empty lines dropped. An
     * empty file or an empty line between entries is an error naming the file and line. {@code what} says
     * what the file holds, for messages.
     */
    public static List<String> read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(null, null, "missing " + what + " file " + file);
        } catch (IOException e) {
            throw new DatasetException(null, null, "cannot read " + what + " file " + file + ": " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetException(null, null, what + " file " + file + " is not valid UTF-8: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.replaceAll(String::strip); // CLIP_benchmark strips every line (and so \r of CRLF files)
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new DatasetException(null, null, what + " file " + file + " is empty");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new DatasetException(null, null, what + " file " + file + ": line " + (i + 1) + " is empty");
            }
        }
        return List.copyOf(lines);
    }
}
