package io.clipj.zeroshot;

import java.util.List;

/**
 * Fills prompt templates the way CLIP_benchmark does with Python's {@code template.format(c=classname)}:
 * {@code {c}} is replaced by the class name, {@code {{} and {@code }}} stand for literal braces; any other
 * brace is an error (Python would raise too).
 *
 * <p>Stateless and thread-safe.
 */
public final class PromptTemplates {

    private PromptTemplates() {
    }

    /** The template with every {@code {c}} replaced by {@code className}. */
    public static String fill(String template, String className) {
        StringBuilder out = new StringBuilder(template.length() + className.length());
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '{' && template.startsWith("{c}", i)) {
                out.append(className);
                i += 2;
            } else if (ch == '{' && template.startsWith("{{", i) || ch == '}' && template.startsWith("}}", i)) {
                out.append(ch);
                i++;
            } else if (ch == '{' || ch == '}') {
                throw new IllegalArgumentException("prompt template '" + template + "': unexpected '" + ch
                        + "' at position " + i + " (only {c}, {{ and }} are allowed)");
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Checks that every template fills cleanly and mentions the class ({@code {c}}), naming the bad one. */
    public static void validate(List<String> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no prompt templates");
        }
        for (int i = 0; i < templates.size(); i++) {
            String template = templates.get(i);
            String a = fill(template, "\u0001");
            if (a.equals(fill(template, "\u0002"))) {
                throw new IllegalArgumentException("prompt template " + (i + 1) + " '" + template
                        + "' has no {c} placeholder for the class name");
            }
        }
    }
}
