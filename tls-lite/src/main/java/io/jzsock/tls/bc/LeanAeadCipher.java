package io.jzsock.tls.bc;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.TlsImplUtils;

/**
 * The record protection of TLS 1.2 (RFC 5246 §6.2.3.3) and TLS 1.3 (RFC 8446 §5.2) for AES-GCM and
 * ChaCha20-Poly1305, in place of BC's {@code TlsAEADCipher}, which allocates per record a nonce, the additional
 * data and a whole new output record. Here the nonce and additional data are rewritten in fields, a record is
 * sealed into one output buffer kept across records (RecordStream copies it into the output queue before the next
 * record) and opened in place in the caller's buffer; what remains per record is BC's result object.
 * Connection IDs (RFC 9146) stay with BC's cipher: {@link LeanTlsCrypto} does not route them here.
 */
final class LeanAeadCipher implements TlsCipher {
    /** RFC 5288 §3 (GCM in TLS 1.2): 4 implicit salt bytes, an 8-byte explicit nonce in each record. */
    static final int NONCE_EXPLICIT = 1;
    /** RFC 7905 §2 and RFC 8446 §5.3: a 12-byte IV XORed with the padded sequence number, nothing in the record. */
    static final int NONCE_XOR_SEQUENCE = 2;

    private static final int TLS12_AAD = 13;
    private static final int TLS13_AAD = 5;

    private final TlsCryptoParameters cryptoParams;
    private final LeanAead encrypt;
    private final LeanAead decrypt;
    private final int keySize;
    private final int fixedIvLength;
    private final int recordIvLength;
    private final boolean tls13;
    private final byte[] encryptIv;
    private final byte[] decryptIv;
    private final byte[] encryptNonce = new byte[LeanAead.NONCE_LENGTH];
    private final byte[] decryptNonce = new byte[LeanAead.NONCE_LENGTH];
    private final byte[] encryptAad = new byte[TLS12_AAD];
    private final byte[] decryptAad = new byte[TLS12_AAD];
    private byte[] record = new byte[0];

    LeanAeadCipher(TlsCryptoParameters cryptoParams, LeanAead encrypt, LeanAead decrypt, int keySize, int nonceMode)
            throws IOException {
        SecurityParameters sp = cryptoParams.getSecurityParametersHandshake();
        ProtocolVersion version = sp.getNegotiatedVersion();
        if (!TlsImplUtils.isTLSv12(version)) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        this.cryptoParams = cryptoParams;
        this.encrypt = encrypt;
        this.decrypt = decrypt;
        this.keySize = keySize;
        this.tls13 = TlsImplUtils.isTLSv13(version);
        boolean explicit = nonceMode == NONCE_EXPLICIT && !tls13;
        this.fixedIvLength = explicit ? 4 : LeanAead.NONCE_LENGTH;
        this.recordIvLength = explicit ? 8 : 0;
        this.encryptIv = new byte[fixedIvLength];
        this.decryptIv = new byte[fixedIvLength];
        boolean server = cryptoParams.isServer();
        if (tls13) {
            rekey(sp, decrypt, decryptIv, !server);
            rekey(sp, encrypt, encryptIv, server);
            return;
        }
        // RFC 5246 §6.3: client_write_key, server_write_key, client_write_IV, server_write_IV.
        byte[] keyBlock = TlsImplUtils.calculateKeyBlock(cryptoParams, 2 * keySize + 2 * fixedIvLength);
        LeanAead clientKeyed = server ? decrypt : encrypt;
        LeanAead serverKeyed = server ? encrypt : decrypt;
        clientKeyed.setKey(keyBlock, 0, keySize);
        serverKeyed.setKey(keyBlock, keySize, keySize);
        System.arraycopy(keyBlock, 2 * keySize, server ? decryptIv : encryptIv, 0, fixedIvLength);
        System.arraycopy(keyBlock, 2 * keySize + fixedIvLength, server ? encryptIv : decryptIv, 0, fixedIvLength);
        Arrays.fill(keyBlock, (byte) 0);
    }

    @Override
    public int getCiphertextDecodeLimit(int plaintextLimit) {
        return plaintextLimit + (tls13 ? 1 : 0) + LeanAead.TAG_LENGTH + recordIvLength;
    }

    @Override
    public int getCiphertextEncodeLimit(int plaintextLimit) {
        return getCiphertextDecodeLimit(plaintextLimit);
    }

    @Override
    public int getPlaintextDecodeLimit(int ciphertextLimit) {
        return ciphertextLimit - LeanAead.TAG_LENGTH - recordIvLength - (tls13 ? 1 : 0);
    }

    @Override
    public int getPlaintextEncodeLimit(int ciphertextLimit) {
        return getPlaintextDecodeLimit(ciphertextLimit);
    }

    @Override
    public TlsEncodeResult encodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
                                           int headerAllocation, byte[] plaintext, int offset, int len)
            throws IOException {
        int innerLength = len + (tls13 ? 1 : 0);
        int ciphertextLength = recordIvLength + innerLength + LeanAead.TAG_LENGTH;
        int total = headerAllocation + ciphertextLength;
        if (record.length < total) {
            record = new byte[total];
        }
        nonce(encryptIv, seqNo, encryptNonce);
        int pos = headerAllocation;
        if (recordIvLength != 0) {
            TlsUtils.writeUint64(seqNo, record, pos);
            pos += recordIvLength;
        }
        System.arraycopy(plaintext, offset, record, pos, len);
        short recordType = contentType;
        int aadLength;
        if (tls13) {
            record[pos + len] = (byte) contentType;
            recordType = ContentType.application_data;
            aadLength = tls13Aad(encryptAad, recordType, recordVersion, ciphertextLength);
        } else {
            aadLength = tls12Aad(encryptAad, seqNo, recordType, recordVersion, innerLength);
        }
        encrypt.seal(encryptNonce, encryptAad, aadLength, record, pos, innerLength);
        return new TlsEncodeResult(record, 0, total, recordType);
    }

    @Override
    public TlsDecodeResult decodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion,
                                            byte[] ciphertext, int offset, int len) throws IOException {
        if (getPlaintextDecodeLimit(len) < 0) {
            throw new TlsFatalAlert(AlertDescription.decode_error);
        }
        if (recordIvLength != 0) {
            System.arraycopy(decryptIv, 0, decryptNonce, 0, fixedIvLength);
            System.arraycopy(ciphertext, offset, decryptNonce, fixedIvLength, recordIvLength);
        } else {
            nonce(decryptIv, seqNo, decryptNonce);
        }
        int encOffset = offset + recordIvLength;
        int encLength = len - recordIvLength;
        int innerLength = encLength - LeanAead.TAG_LENGTH;
        int aadLength = tls13
                ? tls13Aad(decryptAad, recordType, recordVersion, len)
                : tls12Aad(decryptAad, seqNo, recordType, recordVersion, innerLength);
        if (decrypt.open(decryptNonce, decryptAad, aadLength, ciphertext, encOffset, encLength) != innerLength) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        }
        short contentType = recordType;
        int plaintextLength = innerLength;
        if (tls13) {
            // RFC 8446 §5.4: strip the zero padding; the last non-zero byte is the real content type.
            do {
                if (--plaintextLength < 0) {
                    throw new TlsFatalAlert(AlertDescription.unexpected_message);
                }
            } while (ciphertext[encOffset + plaintextLength] == 0);
            contentType = (short) (ciphertext[encOffset + plaintextLength] & 0xFF);
        }
        return new TlsDecodeResult(ciphertext, encOffset, plaintextLength, contentType);
    }

    @Override
    public void rekeyDecoder() throws IOException {
        rekey(cryptoParams.getSecurityParametersConnection(), decrypt, decryptIv, !cryptoParams.isServer());
    }

    @Override
    public void rekeyEncoder() throws IOException {
        rekey(cryptoParams.getSecurityParametersConnection(), encrypt, encryptIv, cryptoParams.isServer());
    }

    @Override
    public boolean usesOpaqueRecordTypeDecode() {
        return tls13;
    }

    @Override
    public boolean usesOpaqueRecordTypeEncode() {
        return tls13;
    }

    /** RFC 8446 §5.3 (and RFC 7905 §2 alike): the IV XOR the 64-bit sequence number, left-padded to 12 bytes. */
    private void nonce(byte[] iv, long seqNo, byte[] out) {
        if (recordIvLength != 0) {
            System.arraycopy(iv, 0, out, 0, fixedIvLength);
            TlsUtils.writeUint64(seqNo, out, fixedIvLength);
            return;
        }
        System.arraycopy(iv, 0, out, 0, LeanAead.NONCE_LENGTH);
        for (int i = 0; i < 8; i++) {
            out[LeanAead.NONCE_LENGTH - 1 - i] ^= (byte) (seqNo >>> (8 * i));
        }
    }

    /** RFC 5246 §6.2.3.3: seq_num + type + version + length of the plaintext. */
    private static int tls12Aad(byte[] aad, long seqNo, short type, ProtocolVersion version, int plaintextLength)
            throws IOException {
        TlsUtils.writeUint64(seqNo, aad, 0);
        TlsUtils.writeUint8(type, aad, 8);
        TlsUtils.writeVersion(version, aad, 9);
        TlsUtils.writeUint16(plaintextLength, aad, 11);
        return TLS12_AAD;
    }

    /** RFC 8446 §5.2: opaque_type + legacy_record_version + length of the ciphertext. */
    private static int tls13Aad(byte[] aad, short type, ProtocolVersion version, int ciphertextLength)
            throws IOException {
        TlsUtils.writeUint8(type, aad, 0);
        TlsUtils.writeVersion(version, aad, 1);
        TlsUtils.writeUint16(ciphertextLength, aad, 3);
        return TLS13_AAD;
    }

    /** RFC 8446 §7.3: [sender]_write_key and [sender]_write_iv from the traffic secret. */
    private void rekey(SecurityParameters sp, LeanAead aead, byte[] iv, boolean serverSecret) throws IOException {
        if (!tls13) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        TlsSecret secret = serverSecret ? sp.getTrafficSecretServer() : sp.getTrafficSecretClient();
        if (secret == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        int hash = sp.getPRFCryptoHashAlgorithm();
        byte[] key = TlsCryptoUtils.hkdfExpandLabel(secret, hash, "key", TlsUtils.EMPTY_BYTES, keySize).extract();
        byte[] newIv = TlsCryptoUtils.hkdfExpandLabel(secret, hash, "iv", TlsUtils.EMPTY_BYTES, fixedIvLength)
                .extract();
        aead.setKey(key, 0, keySize);
        System.arraycopy(newIv, 0, iv, 0, fixedIvLength);
        Arrays.fill(key, (byte) 0);
        Arrays.fill(newIv, (byte) 0);
    }
}
