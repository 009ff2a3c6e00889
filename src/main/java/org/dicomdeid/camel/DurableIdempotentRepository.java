package org.dicomdeid.camel;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Camel's file idempotent repository, forced to disk after every change: a key is on disk
 * before the consumer goes on to release the file it stands for (delete it on the server, or
 * leave it there remembered). Without this a power cut could forget a file that was already
 * taken, and take it again.
 */
public class DurableIdempotentRepository extends FileIdempotentRepository {
    @Override
    protected void appendToStore(String key) {
        super.appendToStore(key);
        force();
    }

    @Override
    protected void removeFromStore(String key) {
        super.removeFromStore(key);
        force();
    }

    @Override
    protected void trunkStore() {
        super.trunkStore();
        force();
    }

    private void force() {
        try {
            DurableFiles.forceWithFolder(getFileStore().toPath());
        } catch (IOException e) {
            throw new RuntimeCamelException("cannot force the idempotent store to disk: " + Faults.describe(e), e);
        }
    }
}
