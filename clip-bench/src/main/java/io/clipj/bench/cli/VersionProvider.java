package io.clipj.bench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the project version, written into {@code clipj-version.properties} by Maven's resource filtering. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"clipj " + version()};
    }

    static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("clipj-version.properties")) {
            if (in == null) {
                throw new IOException("clipj-version.properties is missing from the class path");
            }
            p.load(in);
        }
        return p.getProperty("version");
    }
}
