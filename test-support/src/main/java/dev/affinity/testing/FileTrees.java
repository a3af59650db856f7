package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a file or a directory tree that a test (or a helper it closes) created: what is already
 * gone is no error. A directory that a process just ended still wrote into is walked again, a few
 * times, before the deletion fails.
 */
public final class FileTrees {
    private static final int ATTEMPTS = 5;

    private FileTrees() {
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    public static void delete(Path root) {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.walkFileTree(root, new Deleting());
                return;
            } catch (DirectoryNotEmptyException e) {
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException("could not delete " + root, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + root, e);
            }
        }
    }

    private static final class Deleting extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
        }
    }
}
