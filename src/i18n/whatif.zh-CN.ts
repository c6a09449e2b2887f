/**
 * The what-if step's words in Simplified Chinese: the same keys as `WHATIF_TEXT` (src/taskpane/components/
 * ScenarioSection.tsx) and `WHATIF_MESSAGES` (src/taskpane/useWhatIf.ts), which TypeScript enforces.
 */
import type { WhatIfMessages } from "../taskpane/useWhatIf";
import type { WhatIfText } from "../taskpane/components/ScenarioSection";

export const whatIfTextZhCN: WhatIfText = {
  title: "5. 假设分析：促销与价格",
  intro: "在确定促销之前先看它的效果：同一个模型分别预测所选 SKU 有促销和无促销时的销量，无需重新训练。",
  skus: "参加促销的 SKU",
  from: "促销开始",
  to: "促销结束",
  price: "价格变动 %",
  priceHint: "例如 -10 表示降价 10%",
  noPrice: "需要销售数据中有价格列",
  takePlan: "使用所选区域中的计划",
  planTaken: "正在使用 {address} 中的计划：{skus} 个 SKU，共 {days} 个促销 SKU-天。",
  run: "运行假设分析",
  write: "写入 Scenario 工作表",
  table: "假设分析结果",
  sku: "SKU",
  baseline: "基准",
  scenario: "按计划",
  change: "变化",
  order: "订货量",
  orderWithPlan: "按计划的订货量",
  totals: "预测期内的合计（P50 件数）和建议订货量，分别为无计划和有计划。",
};

export const whatIfMessagesZhCN: WhatIfMessages = {
  failed: "无法运行假设分析",
  planFailed: "无法读取促销计划",
  planHint: "请选择计划：一列日期，每个 SKU 一列 0/1，首行为 SKU 名称。",
  written: "已写入情景",
  writtenText: "已写入“{sheet}”：{skus} 个 SKU × {periods} 期，基准与按计划的结果并列。",
  writeFailed: "无法写入 Scenario 工作表",
  nothing: "请至少勾选一个参加促销的 SKU，或设置价格变动。",
  stopped: "假设分析意外中止。请检查日期后重试。",
  refused: "Excel 拒绝了写入。您输入的内容都没有改动；请重试。",
};
