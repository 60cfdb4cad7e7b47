package io.clipj.bench.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = ClipCli.class.getPackage().getImplementationVersion();
        return new String[] {"clipj " + (v == null ? "dev" : v)};
    }
}
