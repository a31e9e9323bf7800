/*
 * Stand-in for MicroEJ's sni.h (ej.api:sni 1.4), which is not redistributable. It declares only
 * the types and functions jzsock_sni.c uses, with the signatures of the SNI specification; on a
 * VEE Port build the real header from the platform is on the include path first.
 */
#ifndef JZSOCK_SNI_STANDIN_H
#define JZSOCK_SNI_STANDIN_H

#include <stdint.h>

typedef int8_t jbyte;
typedef int16_t jshort;
typedef uint16_t jchar;
typedef int32_t jint;
typedef int64_t jlong;
typedef float jfloat;
typedef double jdouble;
typedef uint8_t jboolean;

#define JTRUE ((jboolean)1)
#define JFALSE ((jboolean)0)

/* The array length is the 32-bit word just before the first element. */
#define SNI_getArrayLength(array) (*(((const int32_t *)(const void *)(array)) - 1))

/* Whether the array lives in the immortal heap, so it never moves and DMA or an ISR may keep its address. */
jboolean SNI_isImmortalArray(void *array);

#endif
