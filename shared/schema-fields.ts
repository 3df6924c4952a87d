import { z } from 'zod';

/**
 * Number fields for every scenario schema (Compare and the course topics), so bad input is
 * answered the same way everywhere: "<label> must be at least <min>", naming the field.
 */
export const numberField = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, { message: `${label} must be a finite number` })
    .min(min, { message: `${label} must be at least ${min}` })
    .max(max, { message: `${label} must be at most ${max}` });

export const wholeNumberField = (label: string, min: number, max: number) =>
  numberField(label, min, max).refine(Number.isInteger, { message: `${label} must be a whole number` });
