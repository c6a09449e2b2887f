/** Step 2: horizon, band level, which SKUs, inventory inputs (mapped from the data or typed in), training time. */
import * as React from "react";
import { Checkbox, Field, Input, Radio, RadioGroup, Text } from "@fluentui/react-components";
import type { InventoryDefaults } from "../forecasting";
import { useStyles } from "../styles";
import { t, type MessageKey } from "../../i18n";

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

const INVENTORY_FIELDS: { key: keyof InventoryDefaults; min: number; max?: number; step?: number }[] = [
  { key: "onHand", min: 0 },
  { key: "onOrder", min: 0 },
  { key: "leadTime", min: 0 },
  { key: "serviceLevel", min: 0.5, max: 0.999, step: 0.01 },
  { key: "reviewPeriod", min: 1 },
  { key: "moq", min: 0 },
  { key: "packSize", min: 1 },
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
        {t("options.title")}
      </Text>
      <div className={styles.row}>
        <Field label={t("options.horizon")} hint={t("options.horizonHint")}>
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
        <Field label={t("options.budget")} hint={t("options.budgetHint")}>
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
      <Field label={t("options.level")}>
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
          <Text weight="semibold">{t("options.skus", { chosen: options.skus.length, total: allSkus.length })}</Text>
        </legend>
        <Checkbox
          label={t("options.allSkus")}
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
      <Text weight="semibold">{t("options.inventory")}</Text>
      {dataHasInventory && (
        <Checkbox
          label={t("options.useData")}
          checked={options.useDataInventory}
          disabled={disabled}
          onChange={(_e, d) => set({ useDataInventory: Boolean(d.checked) })}
        />
      )}
      <div className={styles.row}>
        {INVENTORY_FIELDS.map((f) => (
          <Field key={f.key} label={t(`inventory.${f.key}` as MessageKey)} hint={t(`inventory.${f.key}.hint` as MessageKey)}>
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
