/*
 * SNI natives behind io.jzsock.boards.SniRegisterBus and SniDmaMemory (Cortex-M4F / M7).
 * Function names follow SNI (JNI-style) mangling; the overloaded addressOfNative gets the
 * "__<argument descriptor>" suffix, '[' encoded as "_3". All natives are short and never block:
 * they run on the VM task while every Java thread is stopped.
 */
#include <stdint.h>
#include <string.h>

#include "sni.h"

/* Cortex-M7 SCB cache maintenance by MVA to the point of coherency (ARMv7-M ARM B3.2.2, PM0253 4.8.7). */
#define SCB_DCIMVAC (*(volatile uint32_t *)0xE000EF5CUL)
#define SCB_DCCMVAC (*(volatile uint32_t *)0xE000EF68UL)
#define DCACHE_LINE 32U

/* The F429's Cortex-M4 has no D-cache (build.sh sets 0 there): maintenance is a no-op, no SCB write. */
#ifndef JZ_DCACHE_PRESENT
#define JZ_DCACHE_PRESENT 1
#endif

static inline void jz_dsb(void)
{
    __asm volatile("dsb 0xF" ::: "memory");
}

static inline void jz_isb(void)
{
    __asm volatile("isb 0xF" ::: "memory");
}

static inline volatile uint32_t *reg32(jint addr)
{
    return (volatile uint32_t *)(uintptr_t)(uint32_t)addr;
}

static inline volatile uint16_t *reg16(jint addr)
{
    return (volatile uint16_t *)(uintptr_t)(uint32_t)addr;
}

/* off/len checked against the Java array length: a bad range copies nothing rather than corrupting memory. */
static int range_ok(const jbyte *b, jint off, jint len)
{
    int32_t n = SNI_getArrayLength(b);
    return off >= 0 && len >= 0 && off <= n && len <= n - off;
}

jint Java_io_jzsock_boards_SniRegisterBus_read32Native(jint addr)
{
    return (jint)*reg32(addr);
}

void Java_io_jzsock_boards_SniRegisterBus_write32Native(jint addr, jint value)
{
    *reg32(addr) = (uint32_t)value;
}

void Java_io_jzsock_boards_SniRegisterBus_modify32Native(jint addr, jint clear, jint set)
{
    volatile uint32_t *r = reg32(addr);
    *r = (*r & ~(uint32_t)clear) | (uint32_t)set;
}

jint Java_io_jzsock_boards_SniRegisterBus_read16Native(jint addr)
{
    return (jint)*reg16(addr);
}

void Java_io_jzsock_boards_SniRegisterBus_write16Native(jint addr, jint value)
{
    *reg16(addr) = (uint16_t)value;
}

void Java_io_jzsock_boards_SniRegisterBus_copyInNative(jint addr, jbyte *b, jint off, jint len)
{
    if (!range_ok(b, off, len)) {
        return;
    }
    /* Byte-wise volatile reads: the source may be a FIFO or a peripheral that forbids wide accesses. */
    const volatile uint8_t *src = (const volatile uint8_t *)(uintptr_t)(uint32_t)addr;
    for (jint i = 0; i < len; i++) {
        b[off + i] = (jbyte)src[i];
    }
}

void Java_io_jzsock_boards_SniRegisterBus_copyOutNative(jint addr, jbyte *b, jint off, jint len)
{
    if (!range_ok(b, off, len)) {
        return;
    }
    volatile uint8_t *dst = (volatile uint8_t *)(uintptr_t)(uint32_t)addr;
    for (jint i = 0; i < len; i++) {
        dst[i] = (uint8_t)b[off + i];
    }
}

void Java_io_jzsock_boards_SniRegisterBus_dsbNative(void)
{
    jz_dsb();
}

/* Every 32-byte line the range touches; a partial first or last line is included. */
static void dcache_by_line(volatile uint32_t *op, jint addr, jint len)
{
    if (!JZ_DCACHE_PRESENT || len <= 0) {
        return;
    }
    uint32_t a = (uint32_t)addr & ~(DCACHE_LINE - 1U);
    uint32_t end = (uint32_t)addr + (uint32_t)len;
    jz_dsb();
    for (; a < end; a += DCACHE_LINE) {
        *op = a;
    }
    jz_dsb();
    jz_isb();
}

void Java_io_jzsock_boards_SniRegisterBus_dcacheCleanNative(jint addr, jint len)
{
    dcache_by_line(&SCB_DCCMVAC, addr, len);
}

void Java_io_jzsock_boards_SniRegisterBus_dcacheInvalidateNative(jint addr, jint len)
{
    dcache_by_line(&SCB_DCIMVAC, addr, len);
}

/* A non-immortal array may move at the next GC: its address is useless to a DMA engine, so 0. */
jint Java_io_jzsock_boards_SniDmaMemory_addressOfNative___3B(jbyte *b)
{
    if (!SNI_isImmortalArray(b)) {
        return 0;
    }
    return (jint)(uint32_t)(uintptr_t)b;
}

jint Java_io_jzsock_boards_SniDmaMemory_addressOfNative___3I(jint *a)
{
    if (!SNI_isImmortalArray(a)) {
        return 0;
    }
    return (jint)(uint32_t)(uintptr_t)a;
}
