package io.clipj.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop {@link Configuration} (with every {@code spark.hadoop.*} setting, S3A credentials
 * providers, ...) carried to the tasks, which open input and output paths with it.
 * {@code Configuration} is a {@code Writable}, not {@code Serializable}.
 *
 * <p>Not thread-safe to mutate; tasks only read it.
 */
final class HadoopConf implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    Configuration get() {
        return conf;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
