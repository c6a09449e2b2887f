/** Step 2: horizon, band level, which SKUs, inventory inputs (mapped from the data or typed in), training time. */
import * as React from "react";
import { Checkbox, Field, Input, Radio, RadioGroup, Text } from "@fluentui/react-components";
import type { InventoryDefaults } from "../forecasting";
import { useStyles } from "../styles";

export type PaneOptions = {
  horizon: number;
  level: number;
  skus: string[];
  inventory: InventoryDefaults;
  useDataInventory: boolean;
  budgetSeconds: number;
};

export type OptionsSectionProps = {
  options: PaneOptions;
  allSkus: string[];
  dataHasInventory: boolean;
  disabled: boolean;
  onChange(options: PaneOptions): void;
};

const INVENTORY_FIELDS: { key: keyof InventoryDefaults; label: string; hint: string; min: number; max?: number; step?: number }[] = [
  { key: "onHand", label: "On hand", hint: "units in stock now", min: 0 },
  { key: "onOrder", label: "On order", hint: "ordered, not received", min: 0 },
  { key: "leadTime", label: "Lead time", hint: "periods until delivery", min: 0 },
  { key: "serviceLevel", label: "Service level", hint: "0.5 to 0.999", min: 0.5, max: 0.999, step: 0.01 },
  { key: "reviewPeriod", label: "Review period", hint: "periods between orders", min: 1 },
  { key: "moq", label: "MOQ", hint: "minimum order", min: 0 },
  { key: "packSize", label: "Pack size", hint: "units per pack", min: 1 },
];

function numberField(text: string, fallback: number, min: number, max?: number): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) return fallback;
  return Math.min(max ?? Infinity, Math.max(min, x));
}

export function OptionsSection({ options, allSkus, dataHasInventory, disabled, onChange }: OptionsSectionProps): React.JSX.Element {
  const styles = useStyles();
  const set = (patch: Partial<PaneOptions>) => onChange({ ...options, ...patch });
  const chosen = new Set(options.skus);
  const all = chosen.size === allSkus.length;
  return (
    <section className={styles.section} aria-labelledby="options-title">
      <Text as="h2" id="options-title" weight="semibold" size={400}>
        2. Options
      </Text>
      <div className={styles.row}>
        <Field label="Horizon (periods)" hint="1 to 366">
          <Input
            className={styles.small}
            type="number"
            min={1}
            max={366}
            value={String(options.horizon)}
            disabled={disabled}
            onChange={(_e, d) => set({ horizon: Math.round(numberField(d.value, options.horizon, 1, 366)) })}
          />
        </Field>
        <Field label="Training time (seconds)" hint="more time, better model">
          <Input
            className={styles.small}
            type="number"
            min={2}
            max={600}
            value={String(options.budgetSeconds)}
            disabled={disabled}
            onChange={(_e, d) => set({ budgetSeconds: numberField(d.value, options.budgetSeconds, 2, 600) })}
          />
        </Field>
      </div>
      <Field label="Band level">
        <RadioGroup
          layout="horizontal"
          value={String(options.level)}
          disabled={disabled}
          onChange={(_e, d) => set({ level: Number(d.value) })}
        >
          <Radio value="0.8" label="80%" />
          <Radio value="0.9" label="90%" />
          <Radio value="0.95" label="95%" />
        </RadioGroup>
      </Field>
      <fieldset className={styles.section} style={{ boxShadow: "none", padding: 0, border: "none" }} disabled={disabled}>
        <legend>
          <Text weight="semibold">SKUs to forecast ({options.skus.length} of {allSkus.length}; the first 3 get a chart)</Text>
        </legend>
        <Checkbox
          label="All SKUs"
          checked={all ? true : chosen.size === 0 ? false : "mixed"}
          onChange={() => set({ skus: all ? [] : [...allSkus] })}
        />
        <div className={styles.skuList}>
          {allSkus.map((sku) => (
            <Checkbox
              key={sku}
              label={sku}
              checked={chosen.has(sku)}
              onChange={(_e, d) => set({ skus: allSkus.filter((s) => (s === sku ? Boolean(d.checked) : chosen.has(s))) })}
            />
          ))}
        </div>
      </fieldset>
      <Text weight="semibold">Inventory (for the Restock sheet; you can change them there later)</Text>
      {dataHasInventory && (
        <Checkbox
          label="Use the inventory columns found in the data where present"
          checked={options.useDataInventory}
          disabled={disabled}
          onChange={(_e, d) => set({ useDataInventory: Boolean(d.checked) })}
        />
      )}
      <div className={styles.row}>
        {INVENTORY_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} hint={f.hint}>
            <Input
              className={styles.small}
              type="number"
              min={f.min}
              max={f.max}
              step={f.step ?? 1}
              value={String(options.inventory[f.key])}
              disabled={disabled}
              onChange={(_e, d) =>
                set({ inventory: { ...options.inventory, [f.key]: numberField(d.value, options.inventory[f.key], f.min, f.max) } })
              }
            />
          </Field>
        ))}
      </div>
    </section>
  );
}
