// The start form's risk-model part: which models, the backtest days, its estimation window and the sampling.

/** Fields of POST /runs this part owns; their 400 messages go beside them like the others'. */
export const MODEL_FIELDS = ['models', 'backtestDays', 'estimationDays', 'varianceReduction'];

const DEFAULT_MODELS = ['independent'];
const DEFAULT_ESTIMATION_DAYS = '250';

/** Adds the model options to a run body, leaving out what equals the API's defaults. */
export function addModelOptions(form, body, numberOrText) {
  const models = [...form.querySelectorAll('input[name=models]:checked')].map((box) => box.value);
  // none checked is sent as [] so that the API says what is wrong, beside the boxes
  if (models.join() !== DEFAULT_MODELS.join()) body.models = models;
  const backtest = form.elements.backtestDays.value.trim();
  if (backtest !== '' && backtest !== '0') body.backtestDays = numberOrText(backtest);
  const window = form.elements.estimationDays.value.trim();
  if (window !== '' && window !== DEFAULT_ESTIMATION_DAYS) body.estimationDays = numberOrText(window);
  const sampling = form.elements.varianceReduction.value;
  if (sampling !== 'none') body.varianceReduction = sampling;
}
